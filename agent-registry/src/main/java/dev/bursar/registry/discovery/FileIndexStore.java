package dev.bursar.registry.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.value.EvmAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link IndexStore} in one JSON file, replaced atomically: the snapshot is written to a temporary file in the same
 * directory, forced to disk, then moved over the old one. Registration files are stored as fetched and parsed again on
 * load, with the same rules as when they were indexed.
 */
public final class FileIndexStore implements IndexStore {

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /** A store in {@code file} (its directory must exist or be creatable). */
    public FileIndexStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<IndexSnapshot> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new IndexStoreException("cannot read the discovery index " + file + " (" + e.getMessage() + "); check its permissions", e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root.path("format").asInt() != FORMAT) {
                throw new IndexStoreException("the discovery index " + file + " has format " + root.path("format")
                        + ", this version reads " + FORMAT + "; delete it to index again from the start block");
            }
            List<IndexedAgent> agents = new ArrayList<>();
            for (JsonNode a : root.withArray("agents")) {
                String json = a.get("registrationJson").asText();
                agents.add(new IndexedAgent(new BigInteger(a.get("agentId").asText()), EvmAddress.of(a.get("owner").asText()),
                        a.get("agentUri").asText(), EvmAddress.of(a.get("wallet").asText()), RegistrationFile.parse(json), json,
                        a.get("block").asLong()));
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
            return Optional.of(new IndexSnapshot(agents, feedback, root.get("lastBlock").asLong(), blocks));
        } catch (IndexStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IndexStoreException("the discovery index " + file + " is damaged (" + e.getMessage() + "); delete it to index again"
                    + " from the start block", e);
        }
    }

    @Override
    public void save(IndexSnapshot snapshot) {
        ObjectNode root = JSON.createObjectNode();
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
        Path temp = null;
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root)));
                out.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IndexStoreException("the file system of " + file + " cannot replace files atomically; keep the index on a"
                        + " local file system", e);
            }
            temp = null;
        } catch (IOException e) {
            throw new IndexStoreException("cannot save the discovery index to " + file + " (" + e.getMessage() + "); check free space"
                    + " and permissions", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a stray temporary file is harmless; the old index is intact
                }
            }
        }
    }
}
