package dev.bursar.wallet.journal;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.policy.SpendHistory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The journal's current state in memory: every entry by id, idempotency key and payment hash, rebuilt from the
 * {@link SpendJournal} at start and kept in step with it (an event is applied only after it is durable).
 * Shared by all agents that write one journal.
 */
public final class SpendLedger implements SpendHistory, AutoCloseable {

    private final SpendJournal journal;
    private final Map<String, LedgerEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> byKey = new HashMap<>();
    private final Map<String, String> byPaymentHash = new HashMap<>();
    /** Per agent, entry ids by the time they were authorized: budgets read only their window. */
    private final Map<String, java.util.NavigableMap<Instant, List<String>>> authorizedByAgent = new HashMap<>();

    private SpendLedger(SpendJournal journal) {
        this.journal = journal;
    }

    /** Rebuilds the ledger from every event in {@code journal}. */
    public static SpendLedger open(SpendJournal journal) {
        SpendLedger ledger = new SpendLedger(journal);
        for (JournalEvent event : journal.replay()) {
            ledger.apply(event);
        }
        return ledger;
    }

    /**
     * Rebuilds this ledger from the whole journal, for a journal other processes also append to: after this process
     * takes over an agent another one drove, the ledger shows every entry that process recorded. Decisions made
     * meanwhile wait for the rebuild.
     */
    public synchronized void refresh() {
        List<JournalEvent> events = journal.replay();
        entries.clear();
        byKey.clear();
        byPaymentHash.clear();
        authorizedByAgent.clear();
        for (JournalEvent event : events) {
            apply(event);
        }
    }

    /** Makes {@code event} durable, then applies it. */
    public LedgerEntry record(JournalEvent event) {
        return record(event, true);
    }

    /** Appends {@code event} (durably or lazily, see {@link SpendJournal#append(JournalEvent, boolean)}), then applies it. */
    public synchronized LedgerEntry record(JournalEvent event, boolean durable) {
        validate(event);
        journal.append(event, durable);
        apply(event);
        return entries.get(event.entryId());
    }

    /**
     * Decides one intent atomically: under the ledger's lock, returns the entry already recorded under the agent's
     * idempotency key if there is one, or else asks {@code decision} for the intent's decision (seeing a history no
     * other decision can change meanwhile), records it and returns the new entry.
     *
     * @param durable whether the decision is synced before this returns (a refused or held intent is; an allowed one
     *                is made durable by the Prepared record that follows before anything is sent)
     */
    public synchronized Decided decide(String agentId, String idempotencyKey,
                                       java.util.function.Function<SpendHistory, JournalEvent.IntentDecided> decision,
                                       java.util.function.Predicate<JournalEvent.IntentDecided> durable) {
        Optional<LedgerEntry> earlier = byIdempotencyKey(agentId, idempotencyKey);
        if (earlier.isPresent()) {
            return new Decided(earlier.get(), true);
        }
        JournalEvent.IntentDecided event = decision.apply(this);
        return new Decided(record(event, durable.test(event)), false);
    }

    /**
     * Decides an approval atomically: {@code decision} sees the entry still waiting (checked under the lock) and the
     * history, and returns the approval event to record.
     */
    public synchronized LedgerEntry decideApproval(String entryId,
                                                   java.util.function.BiFunction<LedgerEntry, SpendHistory, JournalEvent.ApprovalDecided> decision) {
        LedgerEntry waiting = entries.get(entryId);
        if (waiting == null) {
            throw new JournalException("no journal entry " + entryId);
        }
        return record(decision.apply(waiting, this));
    }

    /** The entry a {@link #decide} call produced, and whether it was an earlier one under the same idempotency key. */
    public record Decided(LedgerEntry entry, boolean repeated) {
    }

    public synchronized Optional<LedgerEntry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public synchronized Optional<LedgerEntry> byIdempotencyKey(String agentId, String key) {
        return Optional.ofNullable(byKey.get(agentId + "\u0000" + key)).map(entries::get);
    }

    /** The live (not denied, rejected, expired or failed) entry that pays {@code paymentHash}, if any. */
    public synchronized Optional<LedgerEntry> livePaymentOf(String paymentHash) {
        return Optional.ofNullable(byPaymentHash.get(paymentHash)).map(entries::get)
                .filter(e -> !(e.state().isFinal() && e.state() != EntryState.SUCCEEDED));
    }

    /** Entries in {@code state}, oldest first. */
    public synchronized List<LedgerEntry> inState(EntryState state) {
        return entries.values().stream().filter(e -> e.state() == state).toList();
    }

    public synchronized List<LedgerEntry> entriesOf(String agentId) {
        return entries.values().stream().filter(e -> e.intent().agentId().equals(agentId)).toList();
    }

    @Override
    public synchronized Amount committedSince(String agentId, Asset asset, Instant since) {
        Amount sum = Amount.zero(asset);
        for (LedgerEntry e : authorizedSince(agentId, since)) {
            if (e.state().isCommitted()) {
                for (Amount worst : e.worstCase()) {
                    if (worst.asset().id().equals(asset.id())) {
                        sum = sum.plus(Amount.ofUnits(asset, worst.units()));
                    }
                }
            }
        }
        return sum;
    }

    @Override
    public synchronized Amount committedToServiceSince(String agentId, String service, Asset asset, Instant since) {
        Amount sum = Amount.zero(asset);
        for (LedgerEntry e : authorizedSince(agentId, since)) {
            if (e.state().isCommitted() && e.service().filter(service::equals).isPresent()) {
                for (Amount worst : e.worstCase()) {
                    if (worst.asset().id().equals(asset.id())) {
                        sum = sum.plus(Amount.ofUnits(asset, worst.units()));
                    }
                }
            }
        }
        return sum;
    }

    @Override
    public synchronized int paymentsSince(String agentId, Instant since) {
        int count = 0;
        for (LedgerEntry e : authorizedSince(agentId, since)) {
            if (e.state().isCommitted()) {
                count++;
            }
        }
        return count;
    }

    /** The agent's entries authorized at or after {@code since}. */
    private List<LedgerEntry> authorizedSince(String agentId, Instant since) {
        java.util.NavigableMap<Instant, List<String>> byTime = authorizedByAgent.get(agentId);
        if (byTime == null) {
            return List.of();
        }
        List<LedgerEntry> recent = new ArrayList<>();
        byTime.tailMap(since, true).values().forEach(ids -> ids.forEach(id -> recent.add(entries.get(id))));
        return recent;
    }

    private void indexAuthorized(String agentId, Instant at, String entryId) {
        authorizedByAgent.computeIfAbsent(agentId, k -> new java.util.TreeMap<>()).computeIfAbsent(at, k -> new ArrayList<>(1)).add(entryId);
    }

    @Override
    public void close() {
        journal.close();
    }

    private void validate(JournalEvent event) {
        LedgerEntry current = entries.get(event.entryId());
        boolean isNew = event instanceof JournalEvent.IntentDecided;
        if (isNew && current != null) {
            throw new JournalException("journal entry " + event.entryId() + " already exists");
        }
        if (!isNew && current == null) {
            throw new JournalException("no journal entry " + event.entryId());
        }
        if (current != null && current.state().isFinal()) {
            throw new JournalException("journal entry " + event.entryId() + " is already " + current.state());
        }
    }

    private void apply(JournalEvent event) {
        switch (event) {
            case JournalEvent.IntentDecided e -> {
                EntryState state = switch (e.decision()) {
                    case "ALLOW" -> EntryState.AUTHORIZED;
                    case "NEEDS_APPROVAL" -> EntryState.AWAITING_APPROVAL;
                    default -> EntryState.DENIED;
                };
                LedgerEntry entry = new LedgerEntry(e.entryId(), e.wallet(), e.intent(), state, e.rule(), e.reason(), e.recipient(),
                        e.paymentHash(), e.at(), state == EntryState.AUTHORIZED ? Optional.of(e.at()) : Optional.empty(),
                        e.approvalExpiresAt(), Optional.empty(), Optional.empty(), Optional.empty(), e.maxFee(), e.worstCase(), e.service());
                entries.put(e.entryId(), entry);
                if (state == EntryState.AUTHORIZED) {
                    indexAuthorized(e.intent().agentId(), e.at(), e.entryId());
                }
                byKey.putIfAbsent(e.intent().agentId() + "\u0000" + e.intent().idempotencyKey(), e.entryId());
                if (state != EntryState.DENIED) {
                    e.paymentHash().ifPresent(h -> byPaymentHash.put(h, e.entryId()));
                }
            }
            case JournalEvent.ApprovalDecided e -> {
                if (e.approved()) {
                    indexAuthorized(entries.get(e.entryId()).intent().agentId(), e.at(), e.entryId());
                }
                entries.computeIfPresent(e.entryId(), (id, old) -> new LedgerEntry(id, old.wallet(),
                    old.intent(), e.approved() ? EntryState.AUTHORIZED : EntryState.REJECTED, old.rule(),
                    e.reason().isEmpty() ? old.reason() : e.reason(), old.recipient(), old.paymentHash(), old.createdAt(),
                    e.approved() ? Optional.of(e.at()) : Optional.empty(), old.approvalExpiresAt(), Optional.of(e.decidedBy()),
                    old.prepared(), old.outcome(), old.maxFee(), old.worstCase(), old.service()));
            }
            case JournalEvent.ApprovalExpired e -> entries.computeIfPresent(e.entryId(), (id, old) -> old.with(EntryState.EXPIRED));
            case JournalEvent.Prepared e -> entries.computeIfPresent(e.entryId(), (id, old) -> new LedgerEntry(id, old.wallet(),
                    old.intent(), EntryState.PREPARED, old.rule(), old.reason(), old.recipient(), old.paymentHash(), old.createdAt(),
                    old.authorizedAt(), old.approvalExpiresAt(), old.decidedBy(), Optional.of(e.payment()), old.outcome(), old.maxFee(),
                    old.worstCase(), old.service()));
            case JournalEvent.Outcome e -> entries.computeIfPresent(e.entryId(), (id, old) -> new LedgerEntry(id, old.wallet(),
                    old.intent(), switch (e.outcome().status()) {
                        case SUCCEEDED -> EntryState.SUCCEEDED;
                        case FAILED -> EntryState.FAILED;
                        case PENDING -> old.state();
                    }, old.rule(), old.reason(), old.recipient(), old.paymentHash(), old.createdAt(), old.authorizedAt(),
                    old.approvalExpiresAt(), old.decidedBy(), old.prepared(), Optional.of(e.outcome()), old.maxFee(), old.worstCase(),
                    old.service()));
        }
    }

    /** A snapshot of all entries, oldest first (for reports and tests). */
    public synchronized List<LedgerEntry> all() {
        return new ArrayList<>(entries.values());
    }
}
