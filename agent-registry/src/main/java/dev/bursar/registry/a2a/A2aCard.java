package dev.bursar.registry.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.a2a.spec.AgentCapabilities;
import io.a2a.spec.AgentCard;
import io.a2a.spec.AgentSkill;
import io.a2a.spec.HTTPAuthSecurityScheme;
import io.a2a.spec.SecurityScheme;
import io.a2a.util.Utils;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An A2A agent card (protocol 0.3), reduced to what Bursar reads: who the agent says it is, where its JSON-RPC endpoint
 * is, its skills, and whether it wants a bearer credential.
 *
 * @param url        the JSON-RPC endpoint (an absolute http(s) URL)
 * @param bearerAuth whether the card asks callers for {@code Authorization: Bearer}
 */
public record A2aCard(String name, String description, String url, String version, List<A2aSkill> skills, boolean bearerAuth) {

    /** The protocol version this package speaks. */
    public static final String PROTOCOL_VERSION = "0.3.0";
    /** The card's path below an agent's base URL. */
    public static final String CARD_PATH = ".well-known/agent-card.json";
    private static final String BEARER = "bearer";

    public A2aCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(version, "version");
        skills = List.copyOf(skills);
        origin(url);
    }

    /** The scheme, host and port of {@link #url()}, such as {@code http://127.0.0.1:8080}. */
    public String origin() {
        return origin(url);
    }

    /** The skill with {@code id}, if the card lists it. */
    public java.util.Optional<A2aSkill> skill(String id) {
        return skills.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** This card as the SDK's type: JSON-RPC transport, text and JSON in and out, no streaming or push. */
    public AgentCard toSdk() {
        AgentCard.Builder b = new AgentCard.Builder().name(name).description(description).url(url).version(version)
                .protocolVersion(PROTOCOL_VERSION).preferredTransport("JSONRPC")
                .capabilities(new AgentCapabilities.Builder().streaming(false).pushNotifications(false).stateTransitionHistory(false).build())
                .defaultInputModes(List.of("text/plain", "application/json")).defaultOutputModes(List.of("text/plain", "application/json"))
                .skills(skills.stream().map(s -> new AgentSkill.Builder().id(s.id()).name(s.name()).description(s.description())
                        .tags(s.tags()).build()).toList());
        if (bearerAuth) {
            b.securitySchemes(Map.of(BEARER, new HTTPAuthSecurityScheme(null, "bearer", "Bursar API key")))
                    .security(List.of(Map.of(BEARER, List.of())));
        }
        return b.build();
    }

    /** The card as JSON, the body of {@code /.well-known/agent-card.json}. */
    public String toJson() {
        return Utils.toJsonString(toSdk());
    }

    /** Reads a card from the SDK's type. */
    public static A2aCard of(AgentCard card) {
        boolean bearer = card.securitySchemes() != null && card.securitySchemes().values().stream().anyMatch(A2aCard::isBearer);
        List<A2aSkill> skills = card.skills().stream().map(s -> new A2aSkill(s.id(), nullToEmpty(s.name()), nullToEmpty(s.description()),
                s.tags() == null ? List.of() : s.tags())).toList();
        return new A2aCard(card.name(), card.description(), card.url(), card.version(), skills, bearer);
    }

    /**
     * Parses a card's JSON; a card without name, description, url, version, skills or capabilities, or with a url that
     * is not absolute http(s), is refused with an {@link A2aException}.
     */
    public static A2aCard parse(byte[] json) {
        AgentCard card;
        try {
            card = Utils.OBJECT_MAPPER.readValue(json, AgentCard.class);
        } catch (JsonProcessingException e) {
            throw new A2aException("the agent card is not a valid A2A 0.3 card (" + e.getOriginalMessage() + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new A2aException("the agent card is not a valid A2A 0.3 card (" + e.getMessage() + ")");
        }
        if (card == null) {
            throw new A2aException("the agent card is empty");
        }
        try {
            return of(card);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new A2aException("the agent card is not usable: " + e.getMessage());
        }
    }

    private static boolean isBearer(SecurityScheme scheme) {
        return scheme instanceof HTTPAuthSecurityScheme http && BEARER.equalsIgnoreCase(http.getScheme());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static String origin(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the card's url '" + url + "' is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("the card's url '" + url + "' is not an absolute http(s) URL");
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }
}
