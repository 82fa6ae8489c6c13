package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.wallet.value.EvmAddress;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GoPlus token security ({@code GET /api/v1/token_security/{chainId}?contract_addresses=}). Flags are the strings
 * "1"/"0"; a missing flag is unknown, never safe, and is listed in an UNKNOWN_CHECK finding.
 */
public final class GoPlusFeed implements ExternalFeed {

    public static final URI DEFAULT = URI.create("https://api.gopluslabs.io/");
    private static final List<Flag> FLAGS = List.of(
            new Flag("is_honeypot", FindingCode.HONEYPOT_SELL_REVERTS),
            new Flag("owner_change_balance", FindingCode.OWNER_SETS_BALANCES),
            new Flag("is_mintable", FindingCode.OWNER_MINT),
            new Flag("hidden_owner", FindingCode.HIDDEN_OWNER),
            new Flag("can_take_back_ownership", FindingCode.TAKE_BACK_OWNERSHIP),
            new Flag("selfdestruct", FindingCode.SELFDESTRUCT_REACHABLE),
            new Flag("external_call", FindingCode.EXTERNAL_CALL),
            new Flag("transfer_pausable", FindingCode.TRANSFER_PAUSABLE),
            new Flag("is_blacklisted", FindingCode.BLACKLIST),
            new Flag("is_whitelisted", FindingCode.WHITELIST_ONLY),
            new Flag("slippage_modifiable", FindingCode.TAX_MODIFIABLE),
            new Flag("personal_slippage_modifiable", FindingCode.PERSONAL_TAX_MODIFIABLE),
            new Flag("cannot_sell_all", FindingCode.CANNOT_SELL_ALL),
            new Flag("trading_cooldown", FindingCode.COOLDOWN),
            new Flag("cannot_buy", FindingCode.CANNOT_BUY));

    private record Flag(String field, FindingCode code) {
    }

    private final URI base;
    private final String apiKey;
    private final FeedHttp http;

    public GoPlusFeed(URI base, String apiKey, Duration timeout) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.apiKey = apiKey;
        this.http = new FeedHttp(timeout);
    }

    @Override
    public String name() {
        return "goplus";
    }

    @Override
    public List<Finding> assess(long chainId, EvmAddress address) {
        String a = address.lowerCase();
        Optional<JsonNode> body = http.get("GoPlus", base.resolve("api/v1/token_security/" + chainId + "?contract_addresses=" + a), apiKey);
        JsonNode token = body.map(b -> b.path("result").path(a)).orElse(null);
        if (body.isPresent() && body.get().path("code").asInt(1) != 1) {
            throw new RankingException("GoPlus refused the request: code " + body.get().path("code").asText() + " "
                    + body.get().path("message").asText());
        }
        if (token == null || token.isMissingNode() || token.isNull() || token.isEmpty()) {
            return List.of(Finding.of(FindingCode.UNKNOWN_CHECK, "GoPlus has no data for " + a, name()));
        }
        List<Finding> out = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Flag f : FLAGS) {
            JsonNode v = token.get(f.field());
            if (v == null || v.isNull() || v.asText().isEmpty()) {
                missing.add(f.field());
            } else if ("1".equals(v.asText())) {
                out.add(Finding.of(f.code(), "GoPlus " + f.field() + "=1", name()));
            }
        }
        for (String side : List.of("buy_tax", "sell_tax")) {
            JsonNode v = token.get(side);
            if (v == null || v.isNull() || v.asText().isEmpty()) {
                missing.add(side);
                continue;
            }
            double pct;
            try {
                pct = Double.parseDouble(v.asText()) * 100;
            } catch (NumberFormatException e) {
                missing.add(side);
                continue;
            }
            if (pct >= 50) {
                out.add(Finding.of(FindingCode.TAX_GE_50, String.format("GoPlus %s=%.1f %%", side, pct), name()));
            } else if (pct >= 0.5) {
                out.add(new Finding(FindingCode.TAX_MEASURED, FindingCode.TAX_MEASURED.severity(),
                        String.format("GoPlus %s=%.1f %%", side, pct), name(), (int) Math.min(30, Math.round(pct))));
            }
        }
        if ("0".equals(token.path("is_open_source").asText())) {
            out.add(Finding.of(FindingCode.UNVERIFIED_SOURCE, "GoPlus is_open_source=0", name()));
        }
        if (!missing.isEmpty()) {
            out.add(Finding.of(FindingCode.UNKNOWN_CHECK, "GoPlus did not return " + String.join(", ", missing), name()));
        }
        return out;
    }
}
