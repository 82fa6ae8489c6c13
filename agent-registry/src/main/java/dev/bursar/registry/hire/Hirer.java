package dev.bursar.registry.hire;

import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.SentTransaction;
import dev.bursar.registry.TransactionRefusedException;
import dev.bursar.registry.a2a.A2aCard;
import dev.bursar.registry.a2a.A2aClient;
import dev.bursar.registry.a2a.A2aException;
import dev.bursar.registry.a2a.A2aTask;
import dev.bursar.registry.a2a.A2aTaskState;
import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.discovery.RegistrationFile;
import dev.bursar.registry.discovery.RegistryRef;
import dev.bursar.registry.escrow.Job;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.escrow.JobStatus;
import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.registry.reputation.ReputationRegistryClient;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.value.EvmAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Hires another agent for one task, through the job escrow: fetches its A2A card from the endpoint its registration file
 * names, asks for a quote and checks it (payee = the wallet the identity registry names, the configured escrow and
 * chain, the budget's token, no more than the budget nor than the file advertises), opens a funded job for the quoted
 * amount, sends the task, verifies the result against the hash the provider submitted, completes (pays) or rejects
 * (refunds) the job, and rates the agent with proof of payment. Each step is journaled before it leaves the process and
 * each transaction has a stable key, so {@link #resume} finishes an interrupted hire without paying twice;
 * {@link #reclaimLapsed} claims back jobs whose deadline passed.
 */
public final class Hirer {

    private static final Logger LOG = LoggerFactory.getLogger(Hirer.class);
    /** The tag of feedback given after a hire (ERC-8004 best practice: a star-like 0..100 score). */
    public static final String FEEDBACK_TAG = "starred";
    private static final com.fasterxml.jackson.databind.ObjectMapper FEEDBACK_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final A2aClient a2a;
    private final Web3j web3j;
    private final EvmAddress escrow;
    private final EvmAddress reputation;
    private final RegistryRef registry;
    private final GuardedTransactionSender sender;
    private final HireJournal journal;
    private final Function<String, Map<String, String>> credentials;
    private final Duration jobTimeout;
    private final Duration workWait;
    private final Clock clock;
    private final Function<BigInteger, Optional<IndexedAgent>> agents;

    private Hirer(Builder b) {
        this.a2a = b.a2a;
        this.web3j = b.web3j;
        this.escrow = b.escrow;
        this.reputation = b.reputation;
        this.registry = b.registry;
        this.sender = b.sender;
        this.journal = b.journal;
        this.credentials = b.credentials;
        this.jobTimeout = b.jobTimeout;
        this.workWait = b.workWait;
        this.clock = b.clock;
        this.agents = b.agents;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the hirer finds, pays and rates agents. */
    public static final class Builder {
        private A2aClient a2a;
        private Web3j web3j;
        private EvmAddress escrow;
        private EvmAddress reputation;
        private RegistryRef registry;
        private GuardedTransactionSender sender;
        private HireJournal journal;
        private Function<String, Map<String, String>> credentials = origin -> Map.of();
        private Duration jobTimeout = Duration.ofMinutes(10);
        private Duration workWait;
        private Clock clock = Clock.systemUTC();
        private Function<BigInteger, Optional<IndexedAgent>> agents;

        private Builder() {
        }

        public Builder a2a(A2aClient a2a) {
            this.a2a = Objects.requireNonNull(a2a, "a2a");
            return this;
        }

        /** The chain's node, the job escrow, the reputation registry and the identity registry agents are registered in. */
        public Builder chain(Web3j web3j, EvmAddress escrow, EvmAddress reputation, RegistryRef registry) {
            this.web3j = Objects.requireNonNull(web3j, "web3j");
            this.escrow = Objects.requireNonNull(escrow, "escrow");
            this.reputation = Objects.requireNonNull(reputation, "reputation");
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** The hiring agent's guarded sender: every approval, job and rating is a spend of its wallet. */
        public Builder sender(GuardedTransactionSender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
            return this;
        }

        public Builder journal(HireJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /** HTTP headers (such as an API key) to send to an agent's A2A origin ({@code http://host:port}). */
        public Builder credentials(Function<String, Map<String, String>> credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** How long a provider has for a job: its escrow deadline (default 10 minutes). */
        public Builder jobTimeout(Duration timeout) {
            this.jobTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long {@link #hire} waits for the result before returning an open job (default: the job timeout). */
        public Builder workWait(Duration wait) {
            this.workWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Looks up an indexed agent by id, for {@link #resume}. */
        public Builder agents(Function<BigInteger, Optional<IndexedAgent>> agents) {
            this.agents = Objects.requireNonNull(agents, "agents");
            return this;
        }

        public Hirer build() {
            Objects.requireNonNull(a2a, "a2a");
            Objects.requireNonNull(web3j, "chain");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(journal, "journal");
            if (workWait == null) {
                workWait = jobTimeout;
            }
            if (agents == null) {
                agents = id -> Optional.empty();
            }
            return new Hirer(this);
        }
    }

    /** The contracts a hire funds and calls: the escrow and the reputation registry (for a policy's allowlist). */
    public Set<EvmAddress> contracts() {
        return Set.of(escrow, reputation);
    }

    /**
     * Runs {@code order} as far as it goes now: to a completed (paid and rated) or rejected (refunded) job, or to an open
     * job still awaiting its result, or to a payment held for approval. Running the same order again continues it.
     *
     * @throws HireException when the hire cannot go ahead; nothing was paid for it
     */
    public HireOutcome hire(HireOrder order) {
        Optional<HireRecord> earlier = journal.get(order.hireId());
        if (earlier.isPresent() && earlier.get().state().isFinal()) {
            return HireOutcome.of(earlier.get());
        }
        HireRecord record = earlier.orElseGet(() -> new HireRecord(order.hireId(), order.agent().agentId(), order.skill(), order.task(),
                tokenKey(order.token()), order.budget().units(), order.words().messages(), Optional.empty(), Optional.empty(),
                Optional.empty(), HireState.QUOTED, "", "", Optional.empty()));
        A2aCard card = card(order.agent());
        Map<String, String> auth = credentials.apply(card.origin());
        if (record.quote().isEmpty()) {
            Quote quote = quote(order, card, auth);
            record = record.quoted(quote);
            journal.put(record);
        }
        Quote quote = record.quote().orElseThrow();
        Grounding.Hire grounding = new Grounding.Hire(order.words(), order.budget(), contracts());
        try {
            if (record.jobId().isEmpty()) {
                record = open(order, record, quote, grounding);
            }
            return deliver(order, record, card, auth, grounding);
        } catch (TransactionRefusedException e) {
            if (e.awaitingApproval()) {
                HireRecord held = record.with(HireState.HELD, "a payment waits for a person's approval (journal entry " + e.entryId()
                        + "); run the hire again once it is decided");
                journal.put(held);
                return HireOutcome.of(held);
            }
            if (record.jobId().isEmpty()) {
                journal.put(record.finished(HireState.REJECTED, "", "the wallet refused to fund the job: " + e.getMessage(), Optional.empty()));
                throw new HireException("the wallet refused to fund the job: " + e.getMessage() + "; nothing was paid", e);
            }
            throw e;
        }
    }

    /** Continues every hire the journal holds unfinished (after a restart); returns what each came to. */
    public List<HireOutcome> resume() {
        List<HireOutcome> out = new ArrayList<>();
        for (HireRecord r : journal.unfinished()) {
            Optional<IndexedAgent> agent = agents.apply(r.agentId());
            if (agent.isEmpty()) {
                LOG.warn("hire not resumed hire={} agent={} reason=not-indexed", r.hireId(), r.agentId());
                continue;
            }
            try {
                out.add(hire(new HireOrder(r.hireId(), agent.get(), r.skill(), r.task(), Amount.ofUnits(token(r.budgetToken()), r.budgetUnits()),
                        new UserWords(r.userMessages(), AddressBook.empty()))));
            } catch (RegistryException e) {
                LOG.warn("hire not resumed hire={} error={}", r.hireId(), e.getClass().getSimpleName());
            }
        }
        return out;
    }

    /**
     * Claims back the funds of every open job whose deadline has passed on chain (the provider never delivered); a job the
     * provider submitted in time is evaluated instead by running its hire again.
     */
    public List<HireOutcome> reclaimLapsed() {
        List<HireOutcome> out = new ArrayList<>();
        JobEscrowClient reader = new JobEscrowClient(web3j, escrow, sender);
        for (HireRecord r : journal.unfinished()) {
            if (r.jobId().isEmpty()) {
                continue;
            }
            BigInteger jobId = r.jobId().get();
            Job job = reader.job(jobId);
            long chainNow = latestBlockTime();
            if (job.status().isFinal()) {
                out.add(HireOutcome.of(settledElsewhere(r, job)));
            } else if (job.status() != JobStatus.SUBMITTED && chainNow > job.deadline().getEpochSecond()) {
                GuardedTransactionSender duty = sender.forWork("hire-" + r.hireId() + "-refund",
                        new Grounding.OwnerDuty("claim back lapsed job " + jobId, Set.of(escrow)));
                SentTransaction tx = new JobEscrowClient(web3j, escrow, duty).claimRefund(jobId);
                HireRecord done = r.finished(HireState.REFUNDED, "", "the provider did not deliver by the deadline; refunded in " + tx.hash(),
                        Optional.empty());
                journal.put(done);
                LOG.info("hire refunded hire={} job={}", r.hireId(), jobId);
                out.add(HireOutcome.of(done));
            }
        }
        return out;
    }

    private A2aCard card(IndexedAgent agent) {
        Optional<RegistrationFile.Service> a2aService = agent.file().services().stream()
                .filter(s -> s.name().equalsIgnoreCase("A2A")).findFirst();
        if (a2aService.isEmpty()) {
            throw new HireException("agent " + agent.agentId() + " (" + agent.file().name() + ") lists no A2A endpoint in its registration"
                    + " file; it cannot be hired over A2A");
        }
        String endpoint = a2aService.get().endpoint();
        String cardUrl = endpoint.endsWith("agent-card.json") ? endpoint
                : endpoint.replaceAll("/+$", "") + "/" + A2aCard.CARD_PATH;
        try {
            return a2a.card(cardUrl);
        } catch (A2aException e) {
            throw new HireException("agent " + agent.agentId() + "'s A2A card is not usable: " + e.getMessage() + "; nothing was paid", e);
        }
    }

    private Quote quote(HireOrder order, A2aCard card, Map<String, String> auth) {
        IndexedAgent agent = order.agent();
        if (!agent.skills().contains(order.skill())) {
            throw new HireException("agent " + agent.agentId() + " does not list the skill '" + order.skill() + "' (it lists "
                    + agent.skills() + ")");
        }
        A2aTask answer;
        try {
            answer = a2a.await(card, a2a.send(card, order.task(), Map.of(HireProtocol.MODE, HireProtocol.QUOTE, HireProtocol.SKILL,
                    order.skill()), auth), Duration.ofSeconds(30), auth);
        } catch (A2aException e) {
            throw new HireException("agent " + agent.agentId() + " did not quote: " + e.getMessage() + "; nothing was paid", e);
        }
        if (answer.state() != A2aTaskState.COMPLETED) {
            throw new HireException("agent " + agent.agentId() + " did not quote (" + answer.state() + ": " + answer.statusText()
                    + "); nothing was paid");
        }
        Quote quote = Quote.fromData(answer.resultData(), "agent " + agent.agentId());
        String who = "agent " + agent.agentId() + " (" + agent.file().name() + ")";
        if (!quote.skill().equals(order.skill())) {
            throw new HireException(who + " quoted the skill '" + quote.skill() + "', not '" + order.skill() + "'; nothing was paid");
        }
        if (!quote.payTo().equals(agent.wallet())) {
            throw new HireException(who + "'s quote names the payee " + quote.payTo().value() + ", but the identity registry names its"
                    + " wallet " + agent.wallet().value() + "; refused, nothing was paid");
        }
        if (!quote.escrow().equals(escrow) || quote.chainId() != registry.chainId()) {
            throw new HireException(who + " wants payment through escrow " + quote.escrow().value() + " on chain " + quote.chainId()
                    + "; this agent pays only through " + escrow.value() + " on chain " + registry.chainId() + "; nothing was paid");
        }
        if (!quote.token().equals(order.token().contract())) {
            throw new HireException(who + " quotes in the token " + quote.token().value() + "; your budget is in " + order.token().symbol()
                    + " (" + order.token().contract().value() + "); nothing was paid");
        }
        Price advertised = agent.prices().get(order.skill());
        if (advertised != null && (!advertised.token().equals(quote.token()) || quote.amount().compareTo(advertised.amount()) > 0)) {
            throw new HireException(who + " quotes " + Amount.ofUnits(order.token(), quote.amount()) + " for " + order.skill()
                    + " but its registration file advertises " + Amount.ofUnits(order.token(), advertised.amount())
                    + "; refused to pay more than advertised, nothing was paid");
        }
        if (quote.amount().compareTo(order.budget().units()) > 0) {
            throw new HireException(who + " asks " + Amount.ofUnits(order.token(), quote.amount()) + " for " + order.skill()
                    + ", more than your budget of " + order.budget() + "; nothing was paid");
        }
        if (!quote.validUntil().isAfter(clock.instant())) {
            throw new HireException(who + "'s quote expired at " + quote.validUntil() + "; ask again");
        }
        return quote;
    }

    private HireRecord open(HireOrder order, HireRecord record, Quote quote, Grounding.Hire grounding) {
        GuardedTransactionSender opening = sender.forWork("hire-" + order.hireId() + "-open", grounding);
        JobEscrowClient jobs = new JobEscrowClient(web3j, escrow, opening);
        BigInteger jobId;
        Optional<String> created = opening.journaledStep(2);
        Instant deadline;
        if (created.isPresent()) {
            // a crash after the job was proposed: the journal knows its transaction
            SentTransaction tx = opening.resume(created.get());
            jobId = jobs.createdJobIn(tx);
            deadline = jobs.job(jobId).deadline();
        } else {
            deadline = Instant.ofEpochSecond(latestBlockTime()).plus(jobTimeout);
            jobId = jobs.createJob(quote.payTo(), Optional.empty(), Amount.ofUnits(order.token(), quote.amount()), deadline,
                    HireProtocol.hash(order.task())).id();
        }
        HireRecord opened = record.opened(jobId, deadline);
        journal.put(opened);
        LOG.info("hire opened hire={} agent={} job={} amount={}", order.hireId(), order.agent().agentId(), jobId, quote.amount());
        return opened;
    }

    private HireOutcome deliver(HireOrder order, HireRecord record, A2aCard card, Map<String, String> auth, Grounding.Hire grounding) {
        BigInteger jobId = record.jobId().orElseThrow();
        JobEscrowClient reader = new JobEscrowClient(web3j, escrow, sender);
        Job job = reader.job(jobId);
        if (job.status().isFinal()) {
            return HireOutcome.of(settledElsewhere(record, job));
        }
        A2aTask task;
        try {
            Duration left = Duration.between(clock.instant(), record.deadline().orElse(job.deadline()));
            Duration wait = left.compareTo(workWait) < 0 ? left : workWait;
            task = a2a.await(card, a2a.send(card, order.task(), Map.of(HireProtocol.MODE, HireProtocol.JOB, HireProtocol.SKILL, order.skill(),
                    HireProtocol.JOB_ID, jobId.toString(), HireProtocol.ESCROW, escrow.value(), HireProtocol.CHAIN_ID,
                    Long.toString(registry.chainId())), auth), wait.isNegative() ? Duration.ZERO : wait, auth);
        } catch (A2aException e) {
            LOG.info("hire awaiting hire={} job={} reason=unreachable", order.hireId(), jobId);
            HireRecord waiting = record.with(HireState.OPENED, "the provider did not answer (" + e.getMessage() + "); the job stays funded"
                    + " until " + job.deadline() + ", then its funds are claimed back");
            journal.put(waiting);
            return HireOutcome.of(waiting);
        }
        job = reader.job(jobId);
        String expected = HireProtocol.hashHex(task.resultText());
        boolean delivered = task.state() == A2aTaskState.COMPLETED && !task.resultText().isBlank() && job.status() == JobStatus.SUBMITTED
                && job.resultHash().map(expected::equalsIgnoreCase).orElse(false);
        GuardedTransactionSender settling = sender.forWork("hire-" + order.hireId() + "-settle", grounding);
        JobEscrowClient jobs = new JobEscrowClient(web3j, escrow, settling);
        if (delivered) {
            SentTransaction paid = jobs.complete(jobId, HireProtocol.hash("accepted: result matches the submitted hash"));
            long feedback = rate(order, record, card, task, paid, 100, grounding);
            HireRecord done = record.finished(HireState.COMPLETED, task.resultText(), "completed in " + paid.hash(), Optional.of(feedback));
            journal.put(done);
            LOG.info("hire completed hire={} job={} tx={}", order.hireId(), jobId, paid.hash());
            return HireOutcome.of(done);
        }
        boolean answered = task.state().terminal() || job.status() == JobStatus.SUBMITTED;
        if (!answered) {
            HireRecord waiting = record.with(HireState.OPENED, "the provider has not delivered yet (" + task.state().name().toLowerCase(Locale.ROOT)
                    + "); the job stays funded until " + job.deadline() + ", then its funds are claimed back");
            journal.put(waiting);
            return HireOutcome.of(waiting);
        }
        String why = task.state() == A2aTaskState.COMPLETED
                ? "the result failed verification (its hash " + expected + " is not the one submitted to the escrow: "
                        + job.resultHash().orElse("none") + ")"
                : "the provider " + task.state().name().toLowerCase(Locale.ROOT) + " the job: " + task.statusText();
        SentTransaction refund = jobs.reject(jobId, HireProtocol.hash(why));
        Optional<Long> feedback = Optional.empty();
        if (task.state() == A2aTaskState.COMPLETED) {
            feedback = Optional.of(rate(order, record, card, task, refund, 0, grounding));
        }
        HireRecord done = record.finished(HireState.REJECTED, "", why + "; rejected and refunded in " + refund.hash(), feedback);
        journal.put(done);
        LOG.info("hire rejected hire={} job={} tx={}", order.hireId(), jobId, refund.hash());
        return HireOutcome.of(done);
    }

    /** ERC-8004 feedback with a feedback file carrying the proof of payment (or of refund). */
    private long rate(HireOrder order, HireRecord record, A2aCard card, A2aTask task, SentTransaction settlement, int score,
                      Grounding.Hire grounding) {
        com.fasterxml.jackson.databind.node.ObjectNode file = FEEDBACK_JSON.createObjectNode()
                .put("agentRegistry", registry.agentRegistry()).put("agentId", order.agent().agentId())
                .put("clientAddress", "eip155:" + registry.chainId() + ":" + sender.from().value())
                .put("createdAt", clock.instant().toString()).put("value", score).put("valueDecimals", 0)
                .put("tag1", FEEDBACK_TAG).put("tag2", order.skill()).put("endpoint", card.url());
        com.fasterxml.jackson.databind.node.ObjectNode a2aPart = file.putObject("a2a");
        a2aPart.putArray("skills").add(order.skill());
        a2aPart.put("taskId", task.id());
        file.putObject("proofOfPayment").put("fromAddress", sender.from().value()).put("toAddress", escrow.value())
                .put("chainId", String.valueOf(registry.chainId())).put("txHash", settlement.hash())
                .put("jobId", record.jobId().orElseThrow().toString());
        byte[] bytes;
        try {
            bytes = FEEDBACK_JSON.writeValueAsBytes(file);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a feedback file", e);
        }
        String uri = "data:application/json;base64," + Base64.getEncoder().encodeToString(bytes);
        GuardedTransactionSender rating = sender.forWork("hire-" + order.hireId() + "-rate", grounding);
        return new ReputationRegistryClient(web3j, reputation, rating).giveFeedback(order.agent().agentId(), FeedbackValue.of(score, 0),
                FEEDBACK_TAG, order.skill(), card.url(), uri, org.web3j.crypto.Hash.sha3(bytes));
    }

    private HireRecord settledElsewhere(HireRecord r, Job job) {
        HireState end = switch (job.status()) {
            case COMPLETED -> HireState.COMPLETED;
            case REJECTED -> HireState.REJECTED;
            default -> HireState.REFUNDED;
        };
        HireRecord done = r.finished(end, r.result(), "the escrow shows job " + job.id() + " " + job.status(), r.feedbackIndex());
        journal.put(done);
        return done;
    }

    private long latestBlockTime() {
        try {
            return web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send().getBlock()
                    .getTimestamp().longValueExact();
        } catch (java.io.IOException e) {
            throw new dev.bursar.registry.RegistryUnavailableException("the EVM node did not answer a block read (" + e.getMessage() + ")", e);
        }
    }

    private static String tokenKey(Asset.Erc20Token t) {
        return t.chainId() + ":" + t.contract().value() + ":" + t.symbol() + ":" + t.decimals();
    }

    private static Asset.Erc20Token token(String key) {
        String[] p = key.split(":");
        return new Asset.Erc20Token(Long.parseLong(p[0]), EvmAddress.of(p[1]), p[2], Integer.parseInt(p[3]));
    }
}
