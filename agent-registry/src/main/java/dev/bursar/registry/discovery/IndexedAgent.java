package dev.bursar.registry.discovery;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One agent in the index: what the identity registry says of it (owner, agentURI, payment wallet) at {@code block}, and
 * the registration file its agentURI pointed at, which names this agent in this registry.
 *
 * @param registrationJson the file as fetched (kept so a stored index re-parses it with the same rules)
 * @param block            the block of the event that (re)indexed the agent
 */
public record IndexedAgent(BigInteger agentId, EvmAddress owner, String agentUri, EvmAddress wallet, RegistrationFile file,
                           String registrationJson, long block) {

    public IndexedAgent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(agentUri, "agentUri");
        Objects.requireNonNull(wallet, "wallet");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(registrationJson, "registrationJson");
    }

    /** The skills of all its services. */
    public List<String> skills() {
        return file.skills();
    }

    /** Skill → price, from our {@code bursar:prices} extension. */
    public Map<String, Price> prices() {
        return file.prices();
    }
}
