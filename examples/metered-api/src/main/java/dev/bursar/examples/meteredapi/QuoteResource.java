package dev.bursar.examples.meteredapi;

import dev.bursar.l402.jaxrs.L402;
import dev.bursar.l402.jaxrs.X402;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.Map;

/** The API on sale: each call to {@code GET /api/quote} costs the configured price on either rail; {@code /api/health} is free. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class QuoteResource {

    @GET
    @Path("quote")
    @L402(service = PaidApiSetup.SERVICE)
    @X402(service = PaidApiSetup.SERVICE)
    public Map<String, Object> quote() {
        return Map.of("symbol", "BSR", "price", "42.00", "at", Instant.now().toString());
    }

    @GET
    @Path("health")
    public Map<String, String> health() {
        return Map.of("status", "up");
    }
}
