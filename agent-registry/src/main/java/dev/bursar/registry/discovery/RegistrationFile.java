package dev.bursar.registry.discovery;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.value.EvmAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ERC-8004 registration file (the JSON an agentURI points at), parsed strictly: a wrong type, a missing required
 * field or a malformed value is a {@link RegistrationFileException}, never a partly filled record.
 *
 * <p>Besides the standard fields a service entry may carry our extension {@code "bursar:prices"}: skill name →
 * {@code {"amount": "<integer base units>", "token": "<ERC-20 address>"}}, for skills the entry lists in {@code skills}.
 *
 * @param type           {@value #TYPE}
 * @param name           the agent's name
 * @param description    what it does (empty when absent)
 * @param image          an image URL (empty when absent)
 * @param services       its endpoints
 * @param x402Support    whether it takes x402 payments
 * @param active         whether it takes work now (true when absent)
 * @param registrations  the registries and ids the file claims; discovery indexes it only under one of these
 * @param supportedTrust trust models it supports (empty: discovery only)
 */
public record RegistrationFile(String type, String name, String description, String image, List<Service> services,
                               boolean x402Support, boolean active, List<Registration> registrations,
                               List<String> supportedTrust) {

    /** The {@code type} of an ERC-8004 registration file, version 1. */
    public static final String TYPE = "https://eips.ethereum.org/EIPS/eip-8004#registration-v1";
    /** The service-entry field of our price extension. */
    public static final String PRICES_FIELD = "bursar:prices";

    private static final int MAX_TEXT = 4_000;
    private static final int MAX_ENTRIES = 64;
    private static final int MAX_SKILLS = 128;
    private static final Pattern BASE_UNITS = Pattern.compile("0|[1-9][0-9]{0,77}");
    private static final Pattern AGENT_REGISTRY = Pattern.compile("eip155:[1-9][0-9]{0,18}:0x[0-9a-fA-F]{40}");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    public RegistrationFile {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(image, "image");
        services = List.copyOf(services);
        registrations = List.copyOf(registrations);
        supportedTrust = List.copyOf(supportedTrust);
    }

    /**
     * One service entry.
     *
     * @param version the protocol version (empty when absent)
     * @param skills  the skills it offers (OASF/A2A names; empty when absent)
     * @param prices  skill → price, for skills listed in {@code skills}
     */
    public record Service(String name, String endpoint, String version, List<String> skills, Map<String, Price> prices) {
        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(version, "version");
            skills = List.copyOf(skills);
            prices = Collections.unmodifiableMap(new LinkedHashMap<>(prices));
        }
    }

    /**
     * One {@code registrations[]} entry: the file's claim to be agent {@code agentId} in {@code agentRegistry}
     * ({@code eip155:<chainId>:<address>}).
     */
    public record Registration(BigInteger agentId, String agentRegistry) {
        public Registration {
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(agentRegistry, "agentRegistry");
        }
    }

    /** Whether the file claims to be agent {@code agentId} of {@code registry}. */
    public boolean names(BigInteger agentId, RegistryRef registry) {
        return registrations.stream().anyMatch(r -> r.agentId().equals(agentId) && registry.matches(r.agentRegistry()));
    }

    /** Every skill of every service, in order, without repeats. */
    public List<String> skills() {
        Set<String> all = new LinkedHashSet<>();
        services.forEach(s -> all.addAll(s.skills()));
        return List.copyOf(all);
    }

    /** Every skill's price (the first service's when two services price the same skill). */
    public Map<String, Price> prices() {
        Map<String, Price> all = new LinkedHashMap<>();
        services.forEach(s -> s.prices().forEach(all::putIfAbsent));
        return Collections.unmodifiableMap(all);
    }

    /** Parses {@code json} (UTF-8) strictly. */
    public static RegistrationFile parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RegistrationFileException("the registration file is not valid JSON (" + e.getOriginalMessage()
                    + "); the agent's owner must publish a well-formed ERC-8004 registration file");
        } catch (IOException e) {
            throw new RegistrationFileException("the registration file could not be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RegistrationFileException("the registration file must be a JSON object");
        }
        String type = text(root, "type", true);
        if (!TYPE.equals(type)) {
            throw new RegistrationFileException("the registration file's type is '" + type + "', expected '" + TYPE + "'");
        }
        return new RegistrationFile(type, nonBlank(root, "name"), text(root, "description", false), text(root, "image", false),
                services(root), bool(root, "x402Support", false), bool(root, "active", true), registrations(root),
                strings(root, "supportedTrust", "supportedTrust", MAX_ENTRIES));
    }

    /** Parses a registration file given as a string. */
    public static RegistrationFile parse(String json) {
        return parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<Service> services(JsonNode root) {
        JsonNode array = root.get("services");
        if (array == null || !array.isArray()) {
            throw new RegistrationFileException("the registration file needs a 'services' array (it may be empty)");
        }
        if (array.size() > MAX_ENTRIES) {
            throw new RegistrationFileException("the registration file lists " + array.size() + " services; at most " + MAX_ENTRIES);
        }
        List<Service> services = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode s = array.get(i);
            String where = "services[" + i + "]";
            if (!s.isObject()) {
                throw new RegistrationFileException(where + " must be an object with name and endpoint");
            }
            String name = nonBlank(s, "name", where + ".name");
            List<String> skills = skills(s, where);
            services.add(new Service(name, nonBlank(s, "endpoint", where + ".endpoint"), text(s, "version", false), skills,
                    prices(s, where, skills)));
        }
        return services;
    }

    private static List<String> skills(JsonNode service, String where) {
        JsonNode array = service.get("skills");
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > MAX_SKILLS) {
            throw new RegistrationFileException(where + ".skills must be an array of at most " + MAX_SKILLS + " skill names");
        }
        List<String> skills = new ArrayList<>();
        for (JsonNode skill : array) {
            // A2A/OASF entries may be objects; their name (or id) is the skill
            JsonNode name = skill.isObject() ? (skill.hasNonNull("name") ? skill.get("name") : skill.get("id")) : skill;
            if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
                throw new RegistrationFileException(where + ".skills holds " + skill + "; a skill is a name (string, 1-200 characters)"
                        + " or an object with a string name or id");
            }
            skills.add(name.asText().trim());
        }
        return skills;
    }

    private static Map<String, Price> prices(JsonNode service, String where, List<String> skills) {
        JsonNode prices = service.get(PRICES_FIELD);
        if (prices == null || prices.isNull()) {
            return Map.of();
        }
        if (!prices.isObject()) {
            throw new RegistrationFileException(where + "." + PRICES_FIELD + " must map skill names to {\"amount\", \"token\"}");
        }
        Map<String, Price> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : prices.properties()) {
            String at = where + "." + PRICES_FIELD + "." + e.getKey();
            if (!skills.contains(e.getKey())) {
                throw new RegistrationFileException(at + " prices a skill the service does not list in 'skills' " + skills);
            }
            JsonNode p = e.getValue();
            if (!p.isObject()) {
                throw new RegistrationFileException(at + " must be {\"amount\": \"<integer base units>\", \"token\": \"0x…\"}");
            }
            String amount = text(p, "amount", true, at + ".amount");
            if (!BASE_UNITS.matcher(amount).matches()) {
                throw new RegistrationFileException(at + ".amount is '" + amount + "'; write the integer amount in the token's base units"
                        + " as a string, e.g. \"500000\" for 0.5 of a 6-decimal token");
            }
            EvmAddress token;
            try {
                token = EvmAddress.of(text(p, "token", true, at + ".token"));
            } catch (InvalidInputException ex) {
                throw new RegistrationFileException(at + ".token: " + ex.getMessage());
            }
            result.put(e.getKey(), new Price(new BigInteger(amount), token));
        }
        return result;
    }

    private static List<Registration> registrations(JsonNode root) {
        JsonNode array = root.get("registrations");
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new RegistrationFileException("the registration file needs a non-empty 'registrations' array of {agentId, agentRegistry}:"
                    + " without it no registry can tell the file is the agent's own");
        }
        if (array.size() > MAX_ENTRIES) {
            throw new RegistrationFileException("the registration file lists " + array.size() + " registrations; at most " + MAX_ENTRIES);
        }
        List<Registration> registrations = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode r = array.get(i);
            String where = "registrations[" + i + "]";
            if (!r.isObject()) {
                throw new RegistrationFileException(where + " must be an object {agentId, agentRegistry}");
            }
            JsonNode id = r.get("agentId");
            BigInteger agentId;
            if (id != null && id.isIntegralNumber() && id.bigIntegerValue().signum() >= 0) {
                agentId = id.bigIntegerValue();
            } else if (id != null && id.isTextual() && BASE_UNITS.matcher(id.asText()).matches()) {
                agentId = new BigInteger(id.asText());
            } else {
                throw new RegistrationFileException(where + ".agentId must be a non-negative integer (number or decimal string), got " + id);
            }
            String registry = text(r, "agentRegistry", true, where + ".agentRegistry");
            if (!AGENT_REGISTRY.matcher(registry).matches()) {
                throw new RegistrationFileException(where + ".agentRegistry is '" + registry + "'; expected eip155:<chainId>:<0x address>");
            }
            registrations.add(new Registration(agentId, registry));
        }
        return registrations;
    }

    private static List<String> strings(JsonNode root, String field, String where, int max) {
        JsonNode array = root.get(field);
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray() || array.size() > max) {
            throw new RegistrationFileException("'" + where + "' must be an array of at most " + max + " strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode v : array) {
            if (!v.isTextual()) {
                throw new RegistrationFileException("'" + where + "' holds " + v + "; only strings are allowed");
            }
            values.add(v.asText());
        }
        return values;
    }

    private static String nonBlank(JsonNode node, String field) {
        return nonBlank(node, field, field);
    }

    private static String nonBlank(JsonNode node, String field, String where) {
        String value = text(node, field, true, where);
        if (value.isBlank()) {
            throw new RegistrationFileException("'" + where + "' must not be blank");
        }
        return value;
    }

    private static String text(JsonNode node, String field, boolean required) {
        return text(node, field, required, field);
    }

    private static String text(JsonNode node, String field, boolean required, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new RegistrationFileException("the registration file lacks '" + where + "'");
            }
            return "";
        }
        if (!value.isTextual()) {
            throw new RegistrationFileException("'" + where + "' must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        if (value.asText().length() > MAX_TEXT) {
            throw new RegistrationFileException("'" + where + "' is longer than " + MAX_TEXT + " characters");
        }
        return value.asText();
    }

    private static boolean bool(JsonNode node, String field, boolean absent) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw new RegistrationFileException("'" + field + "' must be true or false, got " + value);
        }
        return value.booleanValue();
    }
}
