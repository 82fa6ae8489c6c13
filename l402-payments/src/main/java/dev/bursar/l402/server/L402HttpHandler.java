package dev.bursar.l402.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * Puts a JDK {@code HttpServer} handler behind L402: requests without a valid paid token get 402 (or 401), paid ones
 * reach {@code delegate} with the verified token in the exchange attribute {@value #TOKEN_ATTRIBUTE}.
 */
public final class L402HttpHandler implements HttpHandler {

    public static final String TOKEN_ATTRIBUTE = "dev.bursar.l402.token";

    private final L402Gate gate;
    private final PricedService service;
    private final ToLongFunction<HttpExchange> price;
    private final HttpHandler delegate;

    /**
     * @param price the price in sats of one request (a dynamic price hook, asked only when a challenge is issued);
     *              use {@code e -> service.priceSats()} for the list price
     */
    public L402HttpHandler(L402Gate gate, PricedService service, ToLongFunction<HttpExchange> price, HttpHandler delegate) {
        this.gate = gate;
        this.service = service;
        this.price = price;
        this.delegate = delegate;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<String> auth = exchange.getRequestHeaders().getOrDefault("Authorization", List.of());
        L402Purchase purchase = new L402Purchase(service, service.priceSats(), exchange.getRequestURI().getRawPath(), Optional.empty(),
                exchange.getRemoteAddress() == null ? null : exchange.getRemoteAddress().getAddress().getHostAddress());
        switch (gate.check(purchase, () -> price.applyAsLong(exchange), auth)) {
            case L402Gate.Decision.Pass pass -> {
                exchange.setAttribute(TOKEN_ATTRIBUTE, pass.token());
                delegate.handle(exchange);
            }
            case L402Gate.Decision.Challenge c -> {
                c.wwwAuthenticate().forEach(line -> exchange.getResponseHeaders().add("WWW-Authenticate", line));
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                respond(exchange, 402, c.message());
            }
            case L402Gate.Decision.Reject r -> respond(exchange, 401, r.message());
            case L402Gate.Decision.Unavailable u -> respond(exchange, 503, u.message());
            case L402Gate.Decision.TooManyRequests t -> {
                exchange.getResponseHeaders().set("Retry-After", Long.toString(t.retryAfterSeconds()));
                respond(exchange, 429, t.message());
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = L402ErrorBody.json(message).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", L402ErrorBody.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
