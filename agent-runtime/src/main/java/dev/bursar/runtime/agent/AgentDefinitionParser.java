package dev.bursar.runtime.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads agent definitions from YAML strictly: an unknown field, a missing required one or a wrong type is an error
 * naming the source and the field's path.
 */
public final class AgentDefinitionParser {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    /** A DNS name or IPv4 address (lower-cased before the match), or a bracketed IPv6 address as URIs write it. */
    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*"
            + "|\\[[0-9a-f:.]+]");
    private static final String L402_PLUGIN = "l402";

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public AgentDefinition parse(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new AgentDefinitionException("cannot read agent file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code text}; {@code source} names it in errors (a file path, or "API request"). */
    public AgentDefinition parse(String text, String source) {
        AgentDefinition d;
        try {
            d = yaml.readValue(text, AgentDefinition.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new AgentDefinitionException(source + ": field '" + path + "': " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new AgentDefinitionException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (d == null) {
            throw new AgentDefinitionException(source + ": empty agent definition");
        }
        require(source, "id", d.id());
        if (!ID.matcher(d.id()).matches()) {
            throw new AgentDefinitionException(source + ": field 'id': use lower-case letters, digits, '_' or '-' (got '" + d.id() + "')");
        }
        require(source, "name", d.name());
        require(source, "owner", d.owner());
        require(source, "model", d.model());
        if (d.wallets() == null) {
            throw new AgentDefinitionException(source + ": field 'wallets' is required");
        }
        if (d.policy() == null || d.policy().maxPerTransaction() == null || d.policy().maxPerTransaction().isEmpty()) {
            throw new AgentDefinitionException(source + ": field 'policy.maxPerTransaction' is required: an agent spends nothing without a limit");
        }
        d.policy().contractSafety().ifPresent(cs -> contractSafety(source, d, cs));
        if (d.memoryWindow() != null && (d.memoryWindow() < 2 || d.memoryWindow() > 500)) {
            throw new AgentDefinitionException(source + ": field 'memoryWindow' must be 2..500");
        }
        l402(source, d);
        return d;
    }

    /** The l402 block's limits, and the l402 plugin's needs: a Lightning wallet to pay with and the block itself. */
    private static void l402(String source, AgentDefinition d) {
        boolean x402 = d.l402().flatMap(AgentDefinition.L402::x402).isPresent();
        if (d.plugins() != null && d.plugins().containsKey(L402_PLUGIN)) {
            if (d.wallets().lightning().isEmpty() && !x402) {
                throw new AgentDefinitionException(source + ": field 'plugins.l402': the l402 plugin pays with Lightning, or with "
                        + "x402 from the EVM wallet; add a wallets.lightning node or an l402.x402 block, or remove the plugin");
            }
            if (d.l402().isEmpty()) {
                throw new AgentDefinitionException(source + ": field 'l402' is required by the l402 plugin: "
                        + "give maxPriceSats and allowedHosts");
            }
        }
        if (d.l402().isEmpty()) {
            return;
        }
        AgentDefinition.L402 l = d.l402().get();
        l.x402().ifPresent(x -> x402(source, d, x));
        boolean paysSats = d.wallets().lightning().isPresent() || !x402; // an EVM-only agent with x402 pays no sat price
        if ((paysSats || l.maxPriceSats() != null) && (l.maxPriceSats() == null || l.maxPriceSats() < 1)) {
            throw new AgentDefinitionException(source + ": field 'l402.maxPriceSats' is required and must be at least 1 (sat per request)");
        }
        if (l.allowedHosts() == null || l.allowedHosts().isEmpty()) {
            throw new AgentDefinitionException(source + ": field 'l402.allowedHosts' is required: list the hosts the agent may pay, "
                    + "such as [api.example.com]");
        }
        for (int i = 0; i < l.allowedHosts().size(); i++) {
            String host = l.allowedHosts().get(i);
            if (host == null || !HOST.matcher(host.toLowerCase(java.util.Locale.ROOT)).matches()) {
                throw new AgentDefinitionException(source + ": field 'l402.allowedHosts[" + i + "]': '" + host
                        + "' is not a host name; write the host only (no scheme, port or path), such as api.example.com");
            }
        }
        if (l.hostBudgetSats().isPresent() && l.hostBudgetSats().get() < 1) {
            throw new AgentDefinitionException(source + ": field 'l402.hostBudgetSats' must be at least 1 (sat per host and window)");
        }
        if (l.hostBudgetWindow().isPresent()) {
            if (l.hostBudgetSats().isEmpty()) {
                throw new AgentDefinitionException(source + ": field 'l402.hostBudgetWindow' needs l402.hostBudgetSats");
            }
            if (l.hostBudgetWindow().get().isNegative() || l.hostBudgetWindow().get().isZero()) {
                throw new AgentDefinitionException(source + ": field 'l402.hostBudgetWindow' must be a positive duration, such as PT1H");
            }
        }
    }

    /** The x402 block: an EVM wallet to sign with, a price limit per token, valid pinned payees. */
    private static void x402(String source, AgentDefinition d, AgentDefinition.X402 x) {
        if (d.wallets().evm().isEmpty()) {
            throw new AgentDefinitionException(source + ": field 'l402.x402': x402 pays from the EVM wallet; add wallets.evm");
        }
        if (x.maxPrice() == null || x.maxPrice().isEmpty() || x.maxPrice().stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new AgentDefinitionException(source + ": field 'l402.x402.maxPrice' is required: the most one request may cost in "
                    + "each token the agent may pay in, such as [\"0.05 dUSDC\"]");
        }
        x.payees().orElse(Map.of()).forEach((host, payee) -> {
            if (host == null || !HOST.matcher(host.toLowerCase(java.util.Locale.ROOT)).matches()) {
                throw new AgentDefinitionException(source + ": field 'l402.x402.payees': '" + host + "' is not a host name");
            }
            try {
                dev.bursar.wallet.value.EvmAddress.of(payee);
            } catch (dev.bursar.wallet.InvalidInputException e) {
                throw new AgentDefinitionException(source + ": field 'l402.x402.payees." + host + "': " + e.getMessage(), e);
            }
        });
    }

    public String toYaml(AgentDefinition definition) {
        try {
            return yaml.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new AgentDefinitionException("cannot write agent " + definition.id() + " as YAML: " + e.getMessage(), e);
        }
    }

    private static void contractSafety(String source, AgentDefinition d, AgentDefinition.ContractSafety cs) {
        String field = source + ": field 'policy.contractSafety";
        if (d.wallets().evm().isEmpty()) {
            throw new AgentDefinitionException(field + "': contracts are scored on an EVM chain, and this agent has no wallets.evm");
        }
        for (var threshold : java.util.Map.of("blockBelow", cs.blockBelowOrDefault(), "warnBelow", cs.warnBelowOrDefault()).entrySet()) {
            if (threshold.getValue() < 0 || threshold.getValue() > 100) {
                throw new AgentDefinitionException(field + "." + threshold.getKey() + "' must be a score from 0 to 100, got "
                        + threshold.getValue());
            }
        }
        if (cs.blockBelowOrDefault() > cs.warnBelowOrDefault()) {
            throw new AgentDefinitionException(field + "': blockBelow (" + cs.blockBelowOrDefault() + ") must not exceed warnBelow ("
                    + cs.warnBelowOrDefault() + ")");
        }
    }

    private static void require(String source, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new AgentDefinitionException(source + ": field '" + field + "' is required");
        }
    }
}
