package dev.bursar.l402.jaxrs;

import dev.bursar.l402.server.ChallengeLimits;
import dev.bursar.l402.server.InvoiceIssuer;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.L402Gate;
import dev.bursar.l402.server.L402Purchase;
import dev.bursar.l402.server.PricedService;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Jakarta REST face of {@link L402Gate}: for resources annotated {@link L402}, answers 402 with Aperture's two
 * challenge lines, 401 for a wrong credential, 503 when no invoice can be issued, and lets paid requests through with
 * their {@link dev.bursar.l402.server.VerifiedToken} in the request property {@value #TOKEN_PROPERTY}. Register one
 * instance, built with {@link #builder()}.
 */
@L402
@Priority(Priorities.AUTHENTICATION)
public final class L402RequestFilter implements ContainerRequestFilter {

    /** The request property holding the verified token of a paid request. */
    public static final String TOKEN_PROPERTY = "dev.bursar.l402.token";

    private final L402Gate gate;
    private final Map<String, PricedService> services;
    private final Duration defaultValidity;
    private final L402PathPricing pathPricing;
    private final L402PriceHook priceHook;
    private final Supplier<String> clientAddress;

    @Context
    private ResourceInfo resource;

    private L402RequestFilter(Builder b) {
        this.gate = new L402Gate(b.authority, b.invoices, b.limits, java.time.Clock.systemUTC());
        this.services = Map.copyOf(b.services);
        this.defaultValidity = b.defaultValidity;
        this.pathPricing = b.pathPricing;
        this.priceHook = b.priceHook;
        this.clientAddress = b.clientAddress;
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
     * The answer to send instead of serving {@code request} (402 with the challenge, 401, 429, 503), or empty when it
     * may be served: it carries a paid token (now in the request property {@value #TOKEN_PROPERTY}) or the resource is
     * not priced.
     */
    public Optional<Response> decide(ContainerRequestContext request, ResourceInfo matched) {
        L402 annotation = PricedResources.annotation(matched, L402.class);
        if (annotation == null) {
            return Optional.empty();
        }
        String name = annotation.service();
        if (name.isBlank()) {
            throw new L402ConfigurationException("@L402 on " + matched.getResourceClass().getName() + " names no service; write @L402(service = \"...\")");
        }
        String path = request.getUriInfo().getRequestUri().getRawPath();
        Optional<L402PathPricing.Match> byPath = pathPricing.match(path);
        long configured = byPath.isPresent() ? byPath.get().sats() : configuredPrice(name, annotation, path);
        PricedService service = services.get(name);
        if (service == null) {
            service = new PricedService(name, 0, List.of(), configured, defaultValidity);
        }
        L402Purchase purchase = new L402Purchase(service, configured, path, byPath.map(L402PathPricing.Match::rule),
                clientAddress.get());
        List<String> authorization = request.getHeaders().getOrDefault(HttpHeaders.AUTHORIZATION, List.of());
        return switch (gate.check(purchase, () -> priceHook.priceSats(request, name, configured), authorization)) {
            case L402Gate.Decision.Pass pass -> {
                request.setProperty(TOKEN_PROPERTY, pass.token());
                yield Optional.empty();
            }
            case L402Gate.Decision.Challenge c -> {
                Response.ResponseBuilder challenge = PricedResources.error(402, c.message()).header(HttpHeaders.CACHE_CONTROL, "no-store");
                c.wwwAuthenticate().forEach(line -> challenge.header(HttpHeaders.WWW_AUTHENTICATE, line));
                yield Optional.of(challenge.build());
            }
            case L402Gate.Decision.Reject r -> Optional.of(PricedResources.error(401, r.message()).build());
            case L402Gate.Decision.Unavailable u -> Optional.of(PricedResources.error(503, u.message()).build());
            case L402Gate.Decision.TooManyRequests t -> Optional.of(PricedResources.error(429, t.message())
                    .header(HttpHeaders.RETRY_AFTER, t.retryAfterSeconds()).build());
        };
    }

    /** Whether {@code matched} is sold over L402. */
    public static boolean priced(ResourceInfo matched) {
        return PricedResources.annotation(matched, L402.class) != null;
    }

    private long configuredPrice(String name, L402 annotation, String path) {
        if (annotation.price() > 0) {
            return annotation.price();
        }
        PricedService registered = services.get(name);
        if (registered == null) {
            throw new L402ConfigurationException("L402 service " + name + " has no price: give @L402 a price, register the service "
                    + "with L402RequestFilter.builder().service(...), or add a path price for " + path);
        }
        return registered.priceSats();
    }



    /** Builds an {@link L402RequestFilter}; the authority and the invoice issuer are required. */
    public static final class Builder {
        private L402Authority authority;
        private InvoiceIssuer invoices;
        private final Map<String, PricedService> services = new HashMap<>();
        private Duration defaultValidity = Duration.ofHours(1);
        private L402PathPricing pathPricing = L402PathPricing.none();
        private L402PriceHook priceHook = L402PriceHook.LIST_PRICE;
        private ChallengeLimits limits = ChallengeLimits.DEFAULT;
        private Supplier<String> clientAddress = () -> "unknown";

        private Builder() {
        }

        /** Mints and verifies the tokens (holds the root key store). */
        public Builder authority(L402Authority authority) {
            this.authority = authority;
            return this;
        }

        /** Issues the invoices buyers pay, such as {@link dev.bursar.l402.lnd.LndInvoiceIssuer}. */
        public Builder invoices(InvoiceIssuer invoices) {
            this.invoices = invoices;
            return this;
        }

        /** Registers a service's tier, capabilities, validity and list price; {@code @L402(service=...)} names it. */
        public Builder service(PricedService service) {
            services.put(service.name(), service);
            return this;
        }

        /** How long tokens of services known only from their annotation stay valid (1 hour unless set; zero: forever). */
        public Builder defaultValidity(Duration validity) {
            if (validity == null || validity.isNegative()) {
                throw new IllegalArgumentException("the default L402 validity must be zero (none) or positive");
            }
            this.defaultValidity = validity;
            return this;
        }

        /** Path prices from configuration; they win over annotation and service prices. */
        public Builder pathPricing(L402PathPricing pathPricing) {
            this.pathPricing = Objects.requireNonNull(pathPricing, "pathPricing");
            return this;
        }

        /** The dynamic price hook, asked for the final price of each fresh challenge. */
        public Builder priceHook(L402PriceHook priceHook) {
            this.priceHook = Objects.requireNonNull(priceHook, "priceHook");
            return this;
        }

        /** Bounds on challenges per client and on unpaid invoices outstanding ({@link ChallengeLimits#DEFAULT} unless set). */
        public Builder challengeLimits(ChallengeLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Who sends the current request, for the per-client challenge limit: the remote address as the host stack
         * knows it (Quarkus: {@code RoutingContext.request().remoteAddress()}; behind a proxy, the address it vouches
         * for). Unset, every client shares one limit.
         */
        public Builder clientAddress(Supplier<String> clientAddress) {
            this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
            return this;
        }

        public L402RequestFilter build() {
            if (authority == null || invoices == null) {
                throw new IllegalStateException("an L402RequestFilter needs authority(...) and invoices(...)");
            }
            return new L402RequestFilter(this);
        }
    }
}
