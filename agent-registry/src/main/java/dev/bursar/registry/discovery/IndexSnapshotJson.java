package dev.bursar.registry.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.value.EvmAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of an {@link IndexSnapshot}, shared by every {@link IndexStore}: versioned JSON in which registration
 * files are kept as fetched and parsed again on load, with the same rules as when they were indexed.
 */
public final class IndexSnapshotJson {

    private static final int FORMAT = 1;

    private final ObjectMapper json = new ObjectMapper();

    /** The snapshot as UTF-8 JSON. */
    public byte[] write(IndexSnapshot snapshot) {
        ObjectNode root = json.createObjectNode();
        root.put("format", FORMAT);
        root.put("lastBlock", snapshot.lastBlock());
        ArrayNode agents = root.putArray("agents");
        for (IndexedAgent a : snapshot.agents()) {
            agents.addObject().put("agentId", a.agentId().toString()).put("owner", a.owner().value()).put("agentUri", a.agentUri())
                    .put("wallet", a.wallet().value()).put("registrationJson", a.registrationJson()).put("block", a.block());
        }
        ArrayNode feedback = root.putArray("feedback");
        for (TrustedFeedback f : snapshot.feedback()) {
            feedback.addObject().put("agentId", f.agentId().toString()).put("client", f.client().value()).put("index", f.index())
                    .put("value", f.value().value().toString()).put("decimals", f.value().decimals()).put("revoked", f.revoked());
        }
        ArrayNode blocks = root.putArray("recentBlocks");
        snapshot.recentBlocks().forEach(b -> blocks.addObject().put("number", b.number()).put("hash", b.hash()));
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IndexStoreException("cannot encode the discovery index (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads a snapshot written by {@link #write}.
     *
     * @param where names the stored copy in error messages (a file, a database row)
     * @throws IndexStoreException when the bytes are damaged or of another format; the message says how to recover
     */
    public IndexSnapshot read(byte[] bytes, String where) {
        try {
            JsonNode root = json.readTree(bytes);
            if (root == null || root.path("format").asInt() != FORMAT) {
                throw new IndexStoreException("the discovery index " + where + " has format " + (root == null ? "none" : root.path("format"))
                        + ", this version reads " + FORMAT + "; delete it to index again from the start block");
            }
            List<IndexedAgent> agents = new ArrayList<>();
            for (JsonNode a : root.withArray("agents")) {
                String registration = a.get("registrationJson").asText();
                agents.add(new IndexedAgent(new BigInteger(a.get("agentId").asText()), EvmAddress.of(a.get("owner").asText()),
                        a.get("agentUri").asText(), EvmAddress.of(a.get("wallet").asText()), RegistrationFile.parse(registration),
                        registration, a.get("block").asLong()));
            }
            List<TrustedFeedback> feedback = new ArrayList<>();
            for (JsonNode f : root.withArray("feedback")) {
                feedback.add(new TrustedFeedback(new BigInteger(f.get("agentId").asText()), EvmAddress.of(f.get("client").asText()),
                        f.get("index").asLong(), new FeedbackValue(new BigInteger(f.get("value").asText()), f.get("decimals").asInt()),
                        f.get("revoked").asBoolean()));
            }
            List<BlockRef> blocks = new ArrayList<>();
            for (JsonNode b : root.withArray("recentBlocks")) {
                blocks.add(new BlockRef(b.get("number").asLong(), b.get("hash").asText()));
            }
            return new IndexSnapshot(agents, feedback, root.get("lastBlock").asLong(), blocks);
        } catch (IndexStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IndexStoreException("the discovery index " + where + " is damaged (" + e.getMessage() + "); delete it to index"
                    + " again from the start block", e);
        }
    }
}
