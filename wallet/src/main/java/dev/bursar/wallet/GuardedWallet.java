package dev.bursar.wallet;

import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.JournalEvent;
import dev.bursar.wallet.journal.JournalException;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.PolicyDecision;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The only way an agent spends: each intent is quoted by its wallet, decided by the agent's {@link PaymentPolicy} in
 * code the model cannot reach, journaled before anything leaves the process, sent, and journaled again. Approvals
 * execute exactly the approved intent, once, before they expire. {@link #reconcile()} resolves what a crash left open.
 */
public final class GuardedWallet {

    private static final System.Logger LOG = System.getLogger(GuardedWallet.class.getName());

    private final String agentId;
    private final Map<String, Wallet> wallets;
    private final PaymentPolicy policy;
    private final SpendLedger ledger;
    private final Clock clock;
    private final Duration approvalTtl;
    private final boolean resendOnReconcile;
    private final List<SpendListener> listeners;
    private final Supplier<String> ids;

    private GuardedWallet(Builder b) {
        this.agentId = b.agentId;
        this.wallets = Map.copyOf(b.wallets);
        this.policy = b.policy;
        this.ledger = b.ledger;
        this.clock = b.clock;
        this.approvalTtl = b.approvalTtl;
        this.resendOnReconcile = b.resendOnReconcile;
        this.listeners = List.copyOf(b.listeners);
        this.ids = b.ids;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String agentId() {
        return agentId;
    }

    /**
     * The wallets this agent pays with, by name: for the code that hosts the agent (runtime, tests). Plugins and tools
     * never get a GuardedWallet, only the guarded operations of the tools layer's {@code AgentWallet}.
     */
    public Map<String, Wallet> wallets() {
        return wallets;
    }

    /** The spendable balance of {@code asset} in whichever of the agent's wallets holds it. */
    public Amount balance(Asset asset) {
        for (Wallet w : wallets.values()) {
            if (w.holds(asset)) {
                return w.balance(asset);
            }
        }
        throw new InvalidInputException("agent " + agentId + " has no wallet holding " + asset.id());
    }

    /**
     * Proposes a payment grounded in nothing (a program's own payment outside any chat); where the policy binds
     * intents to the user's words it is refused. See {@link #pay(PaymentIntent, Grounding)}.
     */
    public SpendResult pay(PaymentIntent intent) {
        return pay(intent, Grounding.none());
    }

    /**
     * Proposes a payment with what grounds it (the user's words, a paid fetch the user asked for). Bad input throws and
     * changes nothing; otherwise the intent and the policy's decision are journaled and the result says whether it was
     * paid, denied, or waits for approval. Repeating an intent with the same idempotency key returns the first one's
     * result and pays nothing more.
     */
    public SpendResult pay(PaymentIntent intent, Grounding grounding) {
        if (!intent.agentId().equals(agentId)) {
            throw new InvalidInputException("this wallet belongs to agent " + agentId + ", not " + intent.agentId());
        }
        Optional<LedgerEntry> earlier = ledger.byIdempotencyKey(agentId, intent.idempotencyKey());
        if (earlier.isPresent()) {
            return repeated(earlier.get(), intent);
        }
        Wallet wallet = walletFor(intent);
        Quote quote = wallet.quote(intent);
        SpendLedger.Decided decided = ledger.decide(agentId, intent.idempotencyKey(), history -> {
            Instant now = clock.instant();
            PolicyDecision decision = duplicateOf(quote)
                    .<PolicyDecision>map(e -> new PolicyDecision.Deny("duplicate-payment-hash",
                            "this invoice is already paid or being paid (journal entry " + e.id() + "); it is never paid twice"))
                    .orElseGet(() -> policy.evaluate(agentId, quote, grounding, history, now, false));
            return intentEvent(ids.get(), now, wallet, quote, decision, grounding);
        }, event -> !"ALLOW".equals(event.decision()));
        if (decided.repeated()) {
            return repeated(decided.entry(), intent);
        }
        LedgerEntry entry = decided.entry();
        log(entry, "decided");
        notify(l -> l.decided(entry));
        if (entry.state() != EntryState.AUTHORIZED) {
            return SpendResult.of(entry);
        }
        return execute(entry, wallet, quote);
    }

    /**
     * Approves the intent waiting under {@code entryId} and executes exactly it, once. Caps, budgets and lists are
     * checked again at this moment; only the approval threshold, intent binding and a guard's WARN are lifted by the
     * approval (the approval card showed the discrepancy).
     */
    public SpendResult approve(String entryId, String approver) {
        requireApprover(approver);
        LedgerEntry waiting = awaiting(entryId);
        Wallet wallet = wallets.get(waiting.wallet());
        if (wallet == null) {
            throw new ApprovalException("the wallet " + waiting.wallet() + " of entry " + entryId + " is not configured any more");
        }
        Quote quote = wallet.quote(waiting.intent());
        LedgerEntry entry = ledger.decideApproval(entryId, (current, history) -> {
            if (current.state() != EntryState.AWAITING_APPROVAL) {
                throw new ApprovalException("journal entry " + entryId + " is " + current.state() + ", not waiting for approval");
            }
            Instant now = clock.instant();
            if (current.approvalExpiresAt().map(now::isAfter).orElse(false)) {
                throw new ApprovalException("the approval of journal entry " + entryId + " expired at "
                        + current.approvalExpiresAt().get() + "; nothing was paid");
            }
            // an API purchase is still one for its service: per-service budgets apply to the approval as to the first decision
            Grounding grounding = current.service().<Grounding>map(Grounding.PaidFetch::new).orElse(Grounding.none());
            PolicyDecision decision = policy.evaluate(agentId, quote, grounding, history, now, true);
            boolean allowed = decision instanceof PolicyDecision.Allow;
            return new JournalEvent.ApprovalDecided(entryId, now, approver, allowed,
                    allowed ? "approved by " + approver : "approved by " + approver + " but refused by policy: " + decision.reason());
        });
        log(entry, "approval");
        if (entry.state() != EntryState.AUTHORIZED) {
            return SpendResult.of(entry);
        }
        return execute(entry, wallet, quote);
    }

    /** Rejects the intent waiting under {@code entryId}; nothing is paid. */
    public SpendResult reject(String entryId, String approver, String reason) {
        requireApprover(approver);
        LedgerEntry entry;
        synchronized (ledger) {
            awaiting(entryId);
            entry = ledger.record(new JournalEvent.ApprovalDecided(entryId, clock.instant(), approver, false,
                    reason == null || reason.isBlank() ? "rejected by " + approver : reason));
        }
        log(entry, "rejected");
        return SpendResult.of(entry);
    }

    /** This agent's intents waiting for approval, oldest first; lapsed ones are marked expired on the way. */
    public List<LedgerEntry> pendingApprovals() {
        expireLapsedApprovals();
        return ledger.inState(EntryState.AWAITING_APPROVAL).stream().filter(e -> e.intent().agentId().equals(agentId)).toList();
    }

    /** This agent's journal entries, newest first, at most {@code limit} of them. */
    public List<LedgerEntry> history(int limit) {
        List<LedgerEntry> all = new ArrayList<>(ledger.entriesOf(agentId));
        all.sort(java.util.Comparator.comparing(LedgerEntry::createdAt).reversed());
        return List.copyOf(all.subList(0, Math.min(Math.max(limit, 0), all.size())));
    }

    /** The journal entry id of this agent's intent proposed with {@code idempotencyKey}, if one was journaled. */
    public Optional<String> entryFor(String idempotencyKey) {
        return ledger.byIdempotencyKey(agentId, idempotencyKey).map(LedgerEntry::id);
    }

    /** The current state of one of this agent's journal entries. */
    public SpendResult status(String entryId) {
        return SpendResult.of(ownEntry(entryId));
    }

    /**
     * The payment prepared for one of this agent's entries, as journaled: for an EIP-3009 authorization, the signed
     * message its caller hands to the payee (and hands again, byte for byte, on a retry). Empty before preparation.
     */
    public Optional<PreparedPayment> prepared(String entryId) {
        return ownEntry(entryId).prepared();
    }

    /**
     * Resolves one of this agent's sent payments now from its chain or node, as {@link #reconcile()} does after a
     * crash, without re-sending it: for a signed authorization, whether the payee used it or it lapsed. An approval
     * whose window passed is marked expired.
     */
    public SpendResult refresh(String entryId) {
        if (ownEntry(entryId).state() == EntryState.AWAITING_APPROVAL) {
            expireLapsedApprovals(); // a held payment nobody decided in time is over, not waiting forever
        }
        LedgerEntry entry = ownEntry(entryId);
        Wallet wallet = wallets.get(entry.wallet());
        if (entry.state() != EntryState.PREPARED || wallet == null) {
            return SpendResult.of(entry);
        }
        PaymentOutcome outcome = wallet.reconcile(entry.prepared().orElseThrow(), false);
        if (!outcome.isFinal()) {
            return SpendResult.of(entry);
        }
        LedgerEntry done = ledger.record(new JournalEvent.Outcome(entry.id(), clock.instant(), outcome),
                outcome.status() == PaymentOutcome.Status.FAILED);
        log(done, "refreshed");
        notify(l -> l.settled(done));
        return SpendResult.of(done);
    }

    /**
     * Resolves what a crash or an unreachable node left open for this agent: prepared payments are looked up on the
     * chain or node (and re-sent identically if configured and unknown there); authorized but never prepared intents
     * are marked failed, since nothing left the process; lapsed approvals expire.
     */
    public List<SpendResult> reconcile() {
        expireLapsedApprovals();
        List<SpendResult> resolved = new ArrayList<>();
        for (LedgerEntry entry : ledger.inState(EntryState.AUTHORIZED)) {
            if (entry.intent().agentId().equals(agentId)) {
                LedgerEntry failed = ledger.record(new JournalEvent.Outcome(entry.id(), clock.instant(),
                        PaymentOutcome.failed("", "interrupted before it was prepared; nothing was sent")));
                resolved.add(SpendResult.of(failed));
            }
        }
        for (LedgerEntry entry : ledger.inState(EntryState.PREPARED)) {
            if (!entry.intent().agentId().equals(agentId)) {
                continue;
            }
            Wallet wallet = wallets.get(entry.wallet());
            if (wallet == null) {
                LOG.log(Level.WARNING, "reconcile entry={0} wallet={1} result=wallet-not-configured", entry.id(), entry.wallet());
                continue;
            }
            try {
                PaymentOutcome outcome = wallet.reconcile(entry.prepared().orElseThrow(), resendOnReconcile);
                LedgerEntry now = outcome.isFinal()
                        ? ledger.record(new JournalEvent.Outcome(entry.id(), clock.instant(), outcome)) : entry;
                log(now, "reconciled");
                resolved.add(SpendResult.of(now));
            } catch (PeerUnavailableException e) {
                LOG.log(Level.WARNING, "reconcile entry={0} result=peer-unavailable: {1}", entry.id(), e.getMessage());
                resolved.add(SpendResult.of(entry));
            }
        }
        return resolved;
    }

    private SpendResult execute(LedgerEntry authorized, Wallet wallet, Quote quote) {
        PreparedPayment prepared;
        try {
            prepared = wallet.prepare(quote);
        } catch (WalletException e) {
            LedgerEntry failed = ledger.record(new JournalEvent.Outcome(authorized.id(), clock.instant(),
                    PaymentOutcome.failed("", "could not be prepared: " + e.getMessage())));
            log(failed, "prepare-failed");
            return SpendResult.of(failed);
        }
        LedgerEntry entry;
        try {
            entry = ledger.record(new JournalEvent.Prepared(authorized.id(), clock.instant(), prepared));
        } catch (JournalException e) {
            wallet.release(prepared);
            throw e;
        }
        notify(l -> l.prepared(entry));
        PaymentOutcome outcome;
        try {
            outcome = wallet.execute(prepared);
        } catch (RuntimeException e) {
            // Sent or not, we cannot tell: the prepared record stays, reconciliation resolves it by its reference.
            LOG.log(Level.WARNING, "spend entry={0} result=unknown reference={1}: {2}; reconcile will resolve it",
                    entry.id(), prepared.reference(), RedactedUrl.scrub(String.valueOf(e.getMessage())));
            return unknown(entry, prepared, e instanceof PeerUnavailableException
                    ? "the node could not be reached while sending" : "sending failed without a definite answer");
        }
        PaymentOutcome sent = outcome;
        notify(l -> l.sent(entry, sent));
        if (!outcome.isFinal()) {
            return SpendResult.of(entry);
        }
        LedgerEntry done;
        try {
            // A success may be lazy: if its record is lost in a crash, reconciliation finds it on the chain or node again.
            // A failure is durable: after a crash, a refused transaction must not look unknown and be sent again.
            done = ledger.record(new JournalEvent.Outcome(entry.id(), clock.instant(), outcome),
                    outcome.status() == PaymentOutcome.Status.FAILED);
        } catch (JournalException e) {
            LOG.log(Level.ERROR, "spend entry={0} result=unrecorded status={1} reference={2}: {3}; reconcile will record it",
                    entry.id(), outcome.status(), prepared.reference(), e.getMessage());
            return unknown(entry, prepared, "its outcome could not be written to the journal");
        }
        log(done, "settled");
        notify(l -> l.settled(done));
        return SpendResult.of(done);
    }

    /** A payment that may have left: never "not paid", so nobody retries it; the journal keeps it for reconciliation. */
    private static SpendResult unknown(LedgerEntry entry, PreparedPayment prepared, String why) {
        return new SpendResult(entry.id(), EntryState.PREPARED, "outcome unknown: " + why + "; the payment (reference "
                + prepared.reference() + ") may have been made. Do not pay it again: it is kept in the journal and "
                + "reconciliation will settle it, never sending it twice", Optional.empty(), Optional.empty());
    }

    private SpendResult repeated(LedgerEntry earlier, PaymentIntent intent) {
        if (!earlier.intent().equals(intent)) {
            throw new InvalidInputException("idempotency key '" + intent.idempotencyKey() + "' was already used for a different payment"
                    + " (journal entry " + earlier.id() + "); use a new key for a new payment");
        }
        return SpendResult.of(earlier);
    }

    private Optional<LedgerEntry> duplicateOf(Quote quote) {
        return quote.paymentHash().flatMap(ledger::livePaymentOf);
    }

    private Wallet walletFor(PaymentIntent intent) {
        for (Wallet w : wallets.values()) {
            if (w.supports(intent)) {
                return w;
            }
        }
        throw new InvalidInputException("agent " + agentId + " has no wallet that can pay " + intent.amount().asset().id()
                + " to " + intent.target().describe());
    }

    private LedgerEntry awaiting(String entryId) {
        LedgerEntry entry = ownEntry(entryId);
        if (entry.state() != EntryState.AWAITING_APPROVAL) {
            throw new ApprovalException("journal entry " + entryId + " is " + entry.state() + ", not waiting for approval");
        }
        Instant now = clock.instant();
        if (entry.approvalExpiresAt().map(now::isAfter).orElse(false)) {
            ledger.record(new JournalEvent.ApprovalExpired(entryId, now));
            throw new ApprovalException("the approval of journal entry " + entryId + " expired at "
                    + entry.approvalExpiresAt().get() + "; nothing was paid");
        }
        return entry;
    }

    private LedgerEntry ownEntry(String entryId) {
        LedgerEntry entry = ledger.entry(entryId).orElseThrow(() -> new ApprovalException("no journal entry " + entryId));
        if (!entry.intent().agentId().equals(agentId)) {
            throw new ApprovalException("journal entry " + entryId + " belongs to another agent");
        }
        return entry;
    }

    private void expireLapsedApprovals() {
        Instant now = clock.instant();
        synchronized (ledger) {
            for (LedgerEntry e : ledger.inState(EntryState.AWAITING_APPROVAL)) {
                if (e.intent().agentId().equals(agentId) && e.approvalExpiresAt().map(now::isAfter).orElse(false)) {
                    ledger.record(new JournalEvent.ApprovalExpired(e.id(), now));
                }
            }
        }
    }

    private JournalEvent.IntentDecided intentEvent(String id, Instant now, Wallet wallet, Quote quote, PolicyDecision decision,
                                                   Grounding grounding) {
        String kind;
        String rule = "";
        Optional<Instant> expires = Optional.empty();
        switch (decision) {
            case PolicyDecision.Allow a -> kind = "ALLOW";
            case PolicyDecision.Deny d -> {
                kind = "DENY";
                rule = d.rule();
            }
            case PolicyDecision.NeedsApproval n -> {
                kind = "NEEDS_APPROVAL";
                rule = n.rule();
                expires = Optional.of(now.plus(approvalTtl));
            }
        }
        return new JournalEvent.IntentDecided(id, now, wallet.name(), quote.intent(), kind, rule, decision.reason(),
                quote.recipient(), quote.paymentHash(), expires, quote.maxFee(), List.copyOf(policy.worstCase(quote).values()),
                grounding instanceof Grounding.PaidFetch fetch ? Optional.of(fetch.host()) : Optional.empty());
    }

    private static void requireApprover(String approver) {
        if (approver == null || approver.isBlank()) {
            throw new ApprovalException("an approval or rejection must name who decided");
        }
    }

    private void notify(java.util.function.Consumer<SpendListener> call) {
        for (SpendListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "spend listener {0} failed: {1}", l.getClass().getName(), e.getMessage());
            }
        }
    }

    private static void log(LedgerEntry e, String step) {
        LOG.log(Level.INFO, "spend step={0} entry={1} agent={2} state={3} asset={4} amount={5} recipient={6} rule={7}",
                step, e.id(), e.intent().agentId(), e.state(), e.intent().amount().asset().id(), e.intent().amount().units(),
                e.recipient(), e.rule());
    }

    /** Assembles a {@link GuardedWallet} for one agent from configuration. */
    public static final class Builder {
        private String agentId;
        private final Map<String, Wallet> wallets = new LinkedHashMap<>();
        private PaymentPolicy policy;
        private SpendLedger ledger;
        private Clock clock = Clock.systemUTC();
        private Duration approvalTtl = Duration.ofMinutes(15);
        private boolean resendOnReconcile = true;
        private final List<SpendListener> listeners = new ArrayList<>();
        private Supplier<String> ids = () -> UUID.randomUUID().toString();

        private Builder() {
        }

        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        public Builder wallet(Wallet wallet) {
            wallets.put(wallet.name(), wallet);
            return this;
        }

        public Builder policy(PaymentPolicy policy) {
            this.policy = policy;
            return this;
        }

        /** The ledger over the spend journal; agents may share one. */
        public Builder ledger(SpendLedger ledger) {
            this.ledger = ledger;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** How long an intent waits for approval before it lapses (default 15 minutes). */
        public Builder approvalTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException("approval TTL must be positive");
            }
            this.approvalTtl = ttl;
            return this;
        }

        /** Whether reconciliation may re-send a prepared payment its chain or node never saw (default true). */
        public Builder resendOnReconcile(boolean resend) {
            this.resendOnReconcile = resend;
            return this;
        }

        public Builder listener(SpendListener listener) {
            listeners.add(listener);
            return this;
        }

        public GuardedWallet build() {
            if (agentId == null || agentId.isBlank()) {
                throw new IllegalArgumentException("a guarded wallet needs the agent id it belongs to");
            }
            if (wallets.isEmpty()) {
                throw new IllegalArgumentException("agent " + agentId + " needs at least one wallet");
            }
            if (policy == null) {
                throw new IllegalArgumentException("agent " + agentId + " needs a payment policy; there is no default that spends");
            }
            if (ledger == null) {
                throw new IllegalArgumentException("agent " + agentId + " needs a spend ledger (journal)");
            }
            return new GuardedWallet(this);
        }
    }
}
