package dev.bursar.l402.jaxrs;

import dev.bursar.l402.x402.server.Facilitator;
import dev.bursar.l402.x402.server.X402Gate;
import dev.bursar.l402.x402.server.X402Offer;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Jakarta REST face of {@link X402Gate}: for resources annotated {@link X402}, answers 402 with
 * {@code PAYMENT-REQUIRED} until a payment is verified and settled through the seller's facilitator, then serves the
 * resource with the settlement receipt in {@code PAYMENT-RESPONSE}. Register one instance, built with {@link #builder()}.
 */
@X402
@Priority(Priorities.AUTHENTICATION)
public final class X402RequestFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request property holding the settlement receipt (base64 JSON) of a paid request. */
    public static final String RECEIPT_PROPERTY = "dev.bursar.x402.receipt";

    private final X402Gate gate;
    private final Map<String, X402Offer> offers;

    @Context
    private ResourceInfo resource;

    private X402RequestFilter(Builder b) {
        this.gate = new X402Gate(b.facilitator);
        this.offers = Map.copyOf(b.offers);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        filter(request, resource);
    }

    /**
     * Filters {@code request} for the resource {@code matched}: for stacks that hand the matched resource to a filter
     * method rather than injecting it (Quarkus REST's {@code @ServerRequestFilter} methods take a {@link ResourceInfo}).
     */
    public void filter(ContainerRequestContext request, ResourceInfo matched) {
        decide(request, matched).ifPresent(request::abortWith);
    }

    /**
     * The answer to send instead of serving {@code request} (402 with {@code PAYMENT-REQUIRED}, 503), or empty when it
     * may be served: its payment settled (receipt in {@value #RECEIPT_PROPERTY}) or the resource is not priced.
     */
    public Optional<Response> decide(ContainerRequestContext request, ResourceInfo matched) {
        X402 annotation = PricedResources.annotation(matched, X402.class);
        if (annotation == null) {
            return Optional.empty();
        }
        X402Offer offer = offers.get(annotation.service());
        if (offer == null) {
            throw new L402ConfigurationException("@X402(service = \"" + annotation.service() + "\") on " + matched.getResourceClass().getName()
                    + " has no offer; register one with X402RequestFilter.builder().offer(...)");
        }
        return switch (gate.check(offer, request.getUriInfo().getRequestUri().toString(), paymentHeader(request))) {
            case X402Gate.Decision.Pass pass -> {
                request.setProperty(RECEIPT_PROPERTY, pass.paymentResponse());
                yield Optional.empty();
            }
            case X402Gate.Decision.Challenge c -> Optional.of(PricedResources.error(402, c.message())
                    .header("PAYMENT-REQUIRED", c.paymentRequired()).header(HttpHeaders.CACHE_CONTROL, "no-store").build());
            case X402Gate.Decision.Unavailable u -> Optional.of(PricedResources.error(503, u.message()).build());
        };
    }

    /** The x402 payment {@code request} carries ({@code PAYMENT-SIGNATURE}, or v1's {@code X-PAYMENT}), if any. */
    public static Optional<String> paymentHeader(ContainerRequestContext request) {
        return X402Gate.paymentHeader(request.getHeaders().get("PAYMENT-SIGNATURE"), request.getHeaders().get("X-PAYMENT"));
    }

    /** Whether {@code matched} is sold over x402. */
    public static boolean priced(ResourceInfo matched) {
        return PricedResources.annotation(matched, X402.class) != null;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object receipt = request.getProperty(RECEIPT_PROPERTY);
        if (receipt != null) {
            response.getHeaders().putSingle("PAYMENT-RESPONSE", receipt);
            response.getHeaders().putSingle("Access-Control-Expose-Headers", "PAYMENT-RESPONSE");
        }
    }



    /** Builds an {@link X402RequestFilter}: the facilitator and at least one offer are required. */
    public static final class Builder {
        private Facilitator facilitator;
        private final Map<String, X402Offer> offers = new HashMap<>();

        private Builder() {
        }

        /** The facilitator that verifies and settles payments (the seller chooses it; there is no default). */
        public Builder facilitator(Facilitator facilitator) {
            this.facilitator = facilitator;
            return this;
        }

        /** What {@code @X402(service = name)} resources cost. */
        public Builder offer(String name, X402Offer offer) {
            offers.put(name, offer);
            return this;
        }

        public X402RequestFilter build() {
            if (facilitator == null || offers.isEmpty()) {
                throw new IllegalStateException("an X402RequestFilter needs facilitator(...) and at least one offer(...)");
            }
            return new X402RequestFilter(this);
        }
    }
}
