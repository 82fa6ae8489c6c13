package dev.bursar.l402.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.util.Objects;
import java.util.Optional;

/**
 * Sells resources over both rails at once: a resource annotated {@link L402} and {@link X402} answers an unpaid
 * request with one 402 carrying both challenges (L402's {@code WWW-Authenticate} lines and x402's
 * {@code PAYMENT-REQUIRED}), and serves a request paid on either rail. A resource with only one annotation is sold
 * over that rail. Register this filter instead of the two single-rail ones (it is not name-bound, so it runs for every
 * resource and leaves unpriced ones alone); on Quarkus REST return {@link #decide} from a {@code @ServerRequestFilter}
 * method.
 */
@Priority(Priorities.AUTHENTICATION)
public final class PaidApiFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private final L402RequestFilter l402;
    private final X402RequestFilter x402;

    @Context
    private ResourceInfo resource;

    public PaidApiFilter(L402RequestFilter l402, X402RequestFilter x402) {
        this.l402 = Objects.requireNonNull(l402, "l402");
        this.x402 = Objects.requireNonNull(x402, "x402");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        filter(request, resource);
    }

    /** Decides on {@code request} for the matched resource and aborts it with the answer when it may not be served. */
    public void filter(ContainerRequestContext request, ResourceInfo matched) {
        decide(request, matched).ifPresent(request::abortWith);
    }

    /** Adds the x402 settlement receipt ({@code PAYMENT-RESPONSE}) to a response paid over x402. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        x402.filter(request, response);
    }

    /**
     * The answer to send instead of serving {@code request} (a 402 with the challenges of its rails, 401, 429, 503), or
     * empty when it may be served; for stacks whose filter methods return the answer instead of aborting (Quarkus REST).
     */
    public Optional<Response> decide(ContainerRequestContext request, ResourceInfo matched) {
        boolean lightning = L402RequestFilter.priced(matched);
        boolean tokens = X402RequestFilter.priced(matched);
        if (!lightning || !tokens) {
            return lightning ? l402.decide(request, matched) : x402.decide(request, matched);
        }
        if (X402RequestFilter.paymentHeader(request).isPresent()) {
            return x402.decide(request, matched);
        }
        Optional<Response> byLightning = l402.decide(request, matched);
        if (byLightning.isEmpty()) {
            return byLightning; // paid with an L402 token
        }
        int status = byLightning.get().getStatus();
        if (status != 402 && status != 503 && status != 429) {
            return byLightning; // a wrong L402 credential: 401, whatever x402 would offer
        }
        // without a payment x402 never passes and never asks the facilitator: its answer is the 402 with the offer
        Response byTokens = x402.decide(request, matched).orElseThrow(
                () -> new IllegalStateException("x402 passed a request that carries no payment"));
        if (status != 402) {
            return Optional.of(byTokens); // no invoice could be issued: offer the token rail alone
        }
        Response.ResponseBuilder both = Response.fromResponse(byLightning.get());
        both.header("PAYMENT-REQUIRED", byTokens.getHeaderString("PAYMENT-REQUIRED"));
        return Optional.of(both.build());
    }
}
