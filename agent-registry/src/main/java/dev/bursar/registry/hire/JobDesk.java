package dev.bursar.registry.hire;

import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.a2a.A2aRequest;
import dev.bursar.registry.a2a.A2aResult;
import dev.bursar.registry.a2a.A2aWork;
import dev.bursar.registry.a2a.A2aWorkRefusedException;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.escrow.Job;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.escrow.JobStatus;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.value.EvmAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The working side of a hire, in front of an agent's skills: answers quote requests with the agent's own prices, and
 * does a job only once the escrow holds it funded for this agent's wallet, in the quoted token, for at least the price,
 * with the spec hash of the very task text sent and enough time left; then submits the result's hash to the escrow
 * (a value-neutral call of the agent's guarded wallet) and returns the result. A job is done once: asking again
 * returns the same result. The task text is the hirer's data; the skill code must never let it move money.
 */
public final class JobDesk implements A2aWork {

    private static final Logger LOG = LoggerFactory.getLogger(JobDesk.class);

    private final Web3j web3j;
    private final EvmAddress escrow;
    private final GuardedTransactionSender sender;
    private final JobEscrowClient reader;
    private final Map<String, Price> prices;
    private final A2aWork skills;
    private final Duration quoteTtl;
    private final Duration minTimeLeft;
    private final Clock clock;
    private final Map<BigInteger, A2aResult> done = new ConcurrentHashMap<>();
    private final Map<BigInteger, Object> locks = new ConcurrentHashMap<>();

    private JobDesk(Builder b) {
        this.web3j = b.web3j;
        this.escrow = b.escrow;
        this.sender = b.sender;
        this.reader = new JobEscrowClient(b.web3j, b.escrow, b.sender);
        this.prices = Map.copyOf(b.prices);
        this.skills = b.skills;
        this.quoteTtl = b.quoteTtl;
        this.minTimeLeft = b.minTimeLeft;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What the desk sells and how it is paid. */
    public static final class Builder {
        private Web3j web3j;
        private EvmAddress escrow;
        private GuardedTransactionSender sender;
        private final Map<String, Price> prices = new LinkedHashMap<>();
        private A2aWork skills;
        private Duration quoteTtl = Duration.ofMinutes(10);
        private Duration minTimeLeft = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The escrow jobs must be funded in, on the chain {@code web3j} reads. */
        public Builder escrow(Web3j web3j, EvmAddress escrow) {
            this.web3j = Objects.requireNonNull(web3j, "web3j");
            this.escrow = Objects.requireNonNull(escrow, "escrow");
            return this;
        }

        /** The agent's guarded sender: its account is the payee, and it submits results. */
        public Builder sender(GuardedTransactionSender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
            return this;
        }

        /** Offers {@code skill} at {@code price}. */
        public Builder price(String skill, Price price) {
            prices.put(Objects.requireNonNull(skill, "skill"), Objects.requireNonNull(price, "price"));
            return this;
        }

        /** Does the paid work; the request's data carries {@link HireProtocol#SKILL}. */
        public Builder skills(A2aWork skills) {
            this.skills = Objects.requireNonNull(skills, "skills");
            return this;
        }

        /** How long a quote holds (default 10 minutes). */
        public Builder quoteTtl(Duration ttl) {
            this.quoteTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** The least time a job must have before its deadline to be taken (default 30 s). */
        public Builder minTimeLeft(Duration left) {
            this.minTimeLeft = Objects.requireNonNull(left, "left");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public JobDesk build() {
            Objects.requireNonNull(web3j, "escrow");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(skills, "skills");
            if (prices.isEmpty()) {
                throw new IllegalArgumentException("a job desk needs at least one priced skill");
            }
            return new JobDesk(this);
        }
    }

    /** The payee of every quote: the agent's own account. */
    public EvmAddress payTo() {
        return sender.from();
    }

    @Override
    public A2aResult perform(A2aRequest request) throws A2aWorkRefusedException {
        Object mode = request.data().get(HireProtocol.MODE);
        String skill = String.valueOf(request.data().getOrDefault(HireProtocol.SKILL, ""));
        Price price = prices.get(skill);
        if (price == null) {
            throw new A2aWorkRefusedException("this agent offers " + prices.keySet() + "; name one in '" + HireProtocol.SKILL + "'");
        }
        if (HireProtocol.QUOTE.equals(mode)) {
            Quote quote = new Quote(skill, price.amount(), price.token(), payTo(), escrow, sender.chainId(), clock.instant().plus(quoteTtl));
            return new A2aResult("quote for " + skill + ": " + price, quote.toData());
        }
        if (!HireProtocol.JOB.equals(mode)) {
            throw new A2aWorkRefusedException("this agent works for pay: ask for a quote ('" + HireProtocol.MODE + "': 'quote'), fund a job"
                    + " in escrow " + escrow.value() + ", then send the task with '" + HireProtocol.MODE + "': 'job' and its '"
                    + HireProtocol.JOB_ID + "'");
        }
        BigInteger jobId = jobId(request);
        synchronized (locks.computeIfAbsent(jobId, id -> new Object())) {
            A2aResult earlier = done.get(jobId);
            if (earlier != null) {
                return earlier;
            }
            Job job = paidJob(jobId, skill, price, request.text());
            A2aResult result = skills.perform(request);
            String resultHash = HireProtocol.hashHex(result.text());
            try {
                GuardedTransactionSender duty = sender.forWork("job-" + escrow.lowerCase() + "-" + jobId + "-submit",
                        new Grounding.OwnerDuty("submit the result of job " + jobId, Set.of(escrow)));
                new JobEscrowClient(web3j, escrow, duty).submit(jobId, HireProtocol.hash(result.text()));
            } catch (RegistryException e) {
                LOG.warn("job submit failed job={} error={}", jobId, e.getClass().getSimpleName());
                throw new A2aWorkRefusedException("the result of job " + jobId + " could not be submitted to the escrow: " + e.getMessage());
            }
            Map<String, Object> data = new LinkedHashMap<>(result.data());
            data.put(HireProtocol.JOB_ID, jobId.toString());
            data.put(HireProtocol.RESULT_HASH, resultHash);
            A2aResult answer = new A2aResult(result.text(), data);
            done.put(jobId, answer);
            LOG.info("job done job={} client={} amount={}", jobId, job.client().value(), job.amount().units());
            return answer;
        }
    }

    private static BigInteger jobId(A2aRequest request) throws A2aWorkRefusedException {
        Object id = request.data().get(HireProtocol.JOB_ID);
        try {
            BigInteger jobId = new BigInteger(String.valueOf(id));
            if (jobId.signum() <= 0) {
                throw new NumberFormatException("not positive");
            }
            return jobId;
        } catch (NumberFormatException e) {
            throw new A2aWorkRefusedException("'" + HireProtocol.JOB_ID + "' must be the escrow's job id (a positive integer), got '" + id + "'");
        }
    }

    private Job paidJob(BigInteger jobId, String skill, Price price, String task) throws A2aWorkRefusedException {
        Job job;
        try {
            job = reader.job(jobId);
        } catch (RegistryException e) {
            throw new A2aWorkRefusedException("job " + jobId + " cannot be read from escrow " + escrow.value() + ": " + e.getMessage());
        }
        if (job.status() != JobStatus.FUNDED) {
            throw new A2aWorkRefusedException("job " + jobId + " is " + job.status() + " in escrow " + escrow.value() + ", not FUNDED");
        }
        if (!job.provider().equals(payTo())) {
            throw new A2aWorkRefusedException("job " + jobId + " pays " + job.provider().value() + ", not this agent (" + payTo().value() + ")");
        }
        if (!(job.amount().asset() instanceof dev.bursar.wallet.Asset.Erc20Token token) || !token.contract().equals(price.token())
                || job.amount().units().compareTo(price.amount()) < 0) {
            throw new A2aWorkRefusedException("job " + jobId + " holds " + job.amount() + "; " + skill + " costs " + price);
        }
        if (!job.specHash().equalsIgnoreCase(HireProtocol.hashHex(task))) {
            throw new A2aWorkRefusedException("the task text does not match job " + jobId + "'s spec hash; send the text the job was opened for");
        }
        if (job.deadline().isBefore(Instant.now(clock).plus(minTimeLeft))) {
            throw new A2aWorkRefusedException("job " + jobId + "'s deadline " + job.deadline() + " leaves less than " + minTimeLeft.toSeconds()
                    + " s to work; open a job with a later deadline");
        }
        return job;
    }
}
