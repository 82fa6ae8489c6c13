package dev.bursar.runtime.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * {@link RuntimeApiContract}, with the runtime's users, agents, chat memory and spend journal in
 * PostgreSQL (Debian's server, started on loopback for the run) instead of the embedded H2 file.
 */
@QuarkusTest
@QuarkusTestResource(value = DevnetRuntimeResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "postgres"))
class RuntimeApiOnPostgresIT extends RuntimeApiContract {

    @Test
    void theRuntimeKeepsItsDataInPostgres() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem("database"));
        given().header("Authorization", "Bearer " + DevnetRuntimeResource.key("admin")).get("/api/admin/health").then()
                .statusCode(200).body("database.detail", startsWith("jdbc:postgresql://127.0.0.1:"));
    }
}
