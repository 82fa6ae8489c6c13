package dev.bursar.runtime.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@link RuntimeApiContract} with the runtime's data in the embedded H2 database, as a default install keeps it. */
@QuarkusTest
@QuarkusTestResource(value = DevnetRuntimeResource.class, restrictToAnnotatedClass = true)
class RuntimeApiIT extends RuntimeApiContract {
}
