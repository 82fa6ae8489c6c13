package dev.bursar.examples.meteredapi;

import dev.bursar.l402.jaxrs.PaidApiFilter;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Optional;

/**
 * Hooks Bursar's {@link PaidApiFilter} into Quarkus REST: Quarkus hands the matched resource to a filter method and
 * takes the answer it returns (it forbids {@code abortWith} there); the filter runs on the blocking resource's worker
 * thread, since it talks to LND and the facilitator.
 */
public class PaymentFilters {

    /** Looked up per request: Quarkus creates filter beans at static init, before the seller's configuration exists. */
    @Inject
    Instance<PaidApiFilter> paidApi;

    /** The 402 (or 401, 429, 503) to answer instead of the resource, or empty to serve it. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public Optional<Response> charge(ContainerRequestContext request, ResourceInfo resource) {
        return paidApi.get().decide(request, resource);
    }

    @ServerResponseFilter
    public void receipt(ContainerRequestContext request, ContainerResponseContext response) {
        paidApi.get().filter(request, response);
    }
}
