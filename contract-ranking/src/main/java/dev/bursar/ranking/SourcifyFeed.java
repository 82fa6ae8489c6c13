package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.wallet.value.EvmAddress;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Sourcify v2 ({@code GET /v2/contract/{chainId}/{address}}): 404 is "not verified", {@code match} is
 * {@code exact_match}, {@code match} (partial) or null.
 */
public final class SourcifyFeed implements ExternalFeed {

    public static final URI DEFAULT = URI.create("https://sourcify.dev/server/");
    private final URI base;
    private final FeedHttp http;

    public SourcifyFeed(URI base, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.http = new FeedHttp(timeout);
    }

    @Override
    public String name() {
        return "sourcify";
    }

    @Override
    public List<Finding> assess(long chainId, EvmAddress address) {
        Optional<JsonNode> body = http.get("Sourcify", base.resolve("v2/contract/" + chainId + "/" + address.lowerCase()), null);
        if (body.isEmpty()) {
            return List.of(Finding.of(FindingCode.UNVERIFIED_SOURCE, "Sourcify has no verified source for " + address, name()));
        }
        JsonNode match = body.get().get("match");
        if (match == null || match.isNull()) {
            JsonNode runtime = body.get().get("runtimeMatch");
            if (runtime == null || runtime.isNull()) {
                return List.of(Finding.of(FindingCode.UNKNOWN_CHECK, "Sourcify answered without a match field", name()));
            }
            match = runtime;
        }
        return switch (match.asText()) {
            case "exact_match" -> List.of(Finding.of(FindingCode.SOURCE_VERIFIED, "Sourcify: exact match", name()));
            case "match" -> List.of(Finding.of(FindingCode.SOURCIFY_PARTIAL, "Sourcify: partial match (metadata differs)", name()));
            default -> List.of(Finding.of(FindingCode.UNKNOWN_CHECK, "Sourcify: unexpected match value '" + match.asText() + "'", name()));
        };
    }
}
