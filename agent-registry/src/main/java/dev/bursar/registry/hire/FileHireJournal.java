package dev.bursar.registry.hire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.registry.RegistryException;
import dev.bursar.wallet.value.EvmAddress;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HireJournal} in a file of JSON lines, one per step, forced to disk before {@link #put} returns; the last line
 * of a hire is its state. A torn last line (a crash mid-write) is skipped.
 */
public final class FileHireJournal implements HireJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Map<String, HireRecord> latest = new LinkedHashMap<>();

    private FileHireJournal(Path file) {
        this.file = file;
    }

    /** Opens (or creates) the journal at {@code file}. */
    public static FileHireJournal open(Path file) {
        FileHireJournal journal = new FileHireJournal(file);
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        HireRecord r = read(JSON.readTree(line));
                        journal.latest.put(r.hireId(), r);
                    } catch (IOException | RuntimeException torn) {
                        // a line cut short by a crash: the step it describes never left the process
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException("cannot read the hire journal " + file + ": " + e.getMessage(), e);
        }
        return journal;
    }

    @Override
    public synchronized Optional<HireRecord> get(String hireId) {
        return Optional.ofNullable(latest.get(hireId));
    }

    @Override
    public synchronized void put(HireRecord record) {
        byte[] line = (write(record).toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            out.write(java.nio.ByteBuffer.wrap(line));
            out.force(true);
        } catch (IOException e) {
            throw new RegistryException("cannot write the hire journal " + file + " (" + e.getMessage() + "); the hire stops here", e);
        }
        latest.put(record.hireId(), record);
    }

    @Override
    public synchronized List<HireRecord> unfinished() {
        return latest.values().stream().filter(r -> !r.state().isFinal()).toList();
    }

    private static ObjectNode write(HireRecord r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("hireId", r.hireId()).put("agentId", r.agentId().toString()).put("skill", r.skill()).put("task", r.task())
                .put("budgetToken", r.budgetToken()).put("budgetUnits", r.budgetUnits().toString()).put("state", r.state().name())
                .put("result", r.result()).put("note", r.note());
        ArrayNode messages = n.putArray("userMessages");
        r.userMessages().forEach(messages::add);
        r.quote().ifPresent(q -> n.putObject("quote").put("skill", q.skill()).put("amount", q.amount().toString()).put("token", q.token().value())
                .put("payTo", q.payTo().value()).put("escrow", q.escrow().value()).put("chainId", q.chainId())
                .put("validUntil", q.validUntil().getEpochSecond()));
        r.jobId().ifPresent(id -> n.put("jobId", id.toString()));
        r.deadline().ifPresent(d -> n.put("deadline", d.getEpochSecond()));
        r.feedbackIndex().ifPresent(i -> n.put("feedbackIndex", i));
        return n;
    }

    private static HireRecord read(JsonNode n) {
        List<String> messages = new ArrayList<>();
        n.get("userMessages").forEach(m -> messages.add(m.asText()));
        JsonNode q = n.get("quote");
        Optional<Quote> quote = q == null ? Optional.empty() : Optional.of(new Quote(q.get("skill").asText(), new BigInteger(q.get("amount").asText()),
                EvmAddress.of(q.get("token").asText()), EvmAddress.of(q.get("payTo").asText()), EvmAddress.of(q.get("escrow").asText()),
                q.get("chainId").asLong(), Instant.ofEpochSecond(q.get("validUntil").asLong())));
        return new HireRecord(n.get("hireId").asText(), new BigInteger(n.get("agentId").asText()), n.get("skill").asText(),
                n.get("task").asText(), n.get("budgetToken").asText(), new BigInteger(n.get("budgetUnits").asText()), messages, quote,
                Optional.ofNullable(n.get("jobId")).map(j -> new BigInteger(j.asText())),
                Optional.ofNullable(n.get("deadline")).map(d -> Instant.ofEpochSecond(d.asLong())), HireState.valueOf(n.get("state").asText()),
                n.get("result").asText(), n.get("note").asText(), Optional.ofNullable(n.get("feedbackIndex")).map(JsonNode::asLong));
    }
}
