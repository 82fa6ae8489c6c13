package dev.bursar.wallet.lightning;

import dev.bursar.wallet.value.BitcoinNetwork;
import com.google.protobuf.ByteString;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.Wallet;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.router.proto.RouterOuterClass;
import org.lightningj.lnd.wrapper.message.Channel;
import org.lightningj.lnd.wrapper.message.ChannelBalanceResponse;
import org.lightningj.lnd.wrapper.message.GetInfoResponse;
import org.lightningj.lnd.wrapper.message.Invoice;
import org.lightningj.lnd.wrapper.message.ListChannelsRequest;
import org.lightningj.lnd.wrapper.message.WalletBalanceResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Wallet} over one LND node: pays BOLT11 invoices through the router (SendPaymentV2, with a fee limit and a
 * timeout), creates and decodes invoices, and reports channel and on-chain balances in exact msat.
 *
 * <p>Each payment's routing fees are limited to {@code max(floor, ceil(amount × ppm / 1 000 000))} msat (default 1 %
 * with a 10 sat floor, see {@link Builder#feeLimit(long, long)}); the quote reports that limit as its maximum fee and
 * the payment is sent with exactly that {@code fee_limit_msat}.
 *
 * <p>It never pays a payment hash twice: {@link #quote} refuses a hash this node already paid or is paying, and
 * {@link #reconcile} first asks the router for the hash (TrackPaymentV2) and returns what it knows instead of sending
 * again. A send that breaks off without LND's final answer (cancelled, deadline, unavailable, internal error) is never
 * reported FAILED: the wallet asks the router for the hash and returns its state, or raises
 * {@link PeerUnavailableException} when LND cannot be reached, leaving the payment to reconciliation.
 */
public final class LightningWallet implements Wallet {

    private static final int MAX_MEMO_BYTES = 639;
    private static final long DEFAULT_INVOICE_EXPIRY_SECONDS = 3600;
    private static final Duration STREAM_GRACE = Duration.ofSeconds(15);

    private final LndConnection connection;
    private final BitcoinNetwork network;
    private final Asset.LightningBitcoin asset;
    private final LightningFeeLimit feeLimit;
    private final Duration paymentTimeout;
    private final Clock clock;
    private final String name;
    private final LndRpc rpc;
    private volatile NodeInfo node;

    private LightningWallet(Builder b) {
        this.connection = b.connection;
        this.network = b.network;
        this.asset = new Asset.LightningBitcoin(b.network);
        this.feeLimit = b.feeLimit;
        this.paymentTimeout = b.paymentTimeout;
        this.clock = b.clock;
        this.name = b.name == null ? "lnd:" + network.name().toLowerCase(java.util.Locale.ROOT) + ":" + connection.endpoint() : b.name;
        this.rpc = new LndRpc(connection.endpoint(), b.retryAttempts, b.retryBackoff);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The node's identity and network, read once and checked against the network this wallet expects. */
    private record NodeInfo(String pubkey, BitcoinNetwork network) {
    }

    private NodeInfo node() {
        NodeInfo n = node;
        if (n == null) {
            GetInfoResponse info = rpc.call("GetInfo", "info:read", () -> connection.lightning().getInfo());
            BitcoinNetwork actual;
            try {
                actual = BitcoinNetwork.of(info.getChains().get(0).getNetwork());
            } catch (Exception e) {
                throw new LndException("LND at " + connection.endpoint() + " did not report its Bitcoin network", e);
            }
            if (actual != network) {
                throw new InvalidInputException("LND at " + connection.endpoint() + " runs on " + actual
                        + " but this wallet was built for " + network + "; connect the node for " + network + " or change the expected network");
            }
            n = new NodeInfo(info.getIdentityPubkey(), actual);
            node = n;
        }
        return n;
    }

    /** The asset this wallet pays in: bitcoin over Lightning on its network. */
    public Asset.LightningBitcoin asset() {
        return asset;
    }

    /**
     * The most a payment of {@code amount} may spend on routing fees under this wallet's fee limit:
     * {@code max(floor, ceil(amount × ppm / 1 000 000))} msat.
     */
    public Amount maxFeeFor(Amount amount) {
        if (amount == null || !holds(amount.asset())) {
            throw new InvalidInputException("a fee limit is computed for an amount of " + asset.id());
        }
        return Msat.of(asset, feeLimit.forAmountMsat(Msat.toLong(amount)));
    }

    /** The connected node's public key (hex). */
    public String nodePubkey() {
        return node().pubkey();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(PaymentIntent intent) {
        if (!(intent.target() instanceof PaymentTarget.LightningInvoice invoice) || !holds(intent.amount().asset())) {
            return false;
        }
        try {
            return BitcoinNetwork.ofInvoice(invoice.bolt11()) == network;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    @Override
    public boolean holds(Asset asset) {
        return this.asset.equals(asset);
    }

    /** Spendable channel balance in msat (local side of active channels minus reserves). */
    @Override
    public Amount balance(Asset asset) {
        if (!holds(asset)) {
            throw new InvalidInputException(name + " holds only " + this.asset.id() + ", not " + asset.id());
        }
        node();
        return Msat.ofSat(this.asset, spendableSat());
    }

    /** Channel (local and spendable) and on-chain balances. */
    public LightningBalance balances() {
        node();
        ChannelBalanceResponse channels = rpc.call("ChannelBalance", "offchain:read", () -> connection.lightning().channelBalance());
        long spendableSat = spendableSat();
        WalletBalanceResponse onChain = rpc.call("WalletBalance", "onchain:read", () -> connection.lightning().walletBalance((String) null));
        long localMsat;
        try {
            localMsat = channels.getLocalBalance().getMsat();
        } catch (Exception e) {
            throw new LndException("LND at " + connection.endpoint() + " sent a channel balance without local_balance", e);
        }
        return new LightningBalance(Msat.of(asset, localMsat), Msat.ofSat(asset, spendableSat),
                onChain.getConfirmedBalance(), onChain.getUnconfirmedBalance());
    }

    /** What the active channels can send now: local balance less each channel's reserve (one ListChannels call). */
    private long spendableSat() {
        ListChannelsRequest active = new ListChannelsRequest();
        active.setActiveOnly(true);
        return rpc.call("ListChannels", "offchain:read", () -> {
            long sum = 0;
            for (Channel c : connection.lightning().listChannels(active).getChannels()) {
                long reserve = c.getLocalConstraints() == null ? 0 : c.getLocalConstraints().getChanReserveSat();
                sum = Math.addExact(sum, Math.max(0, c.getLocalBalance() - reserve));
            }
            return sum;
        });
    }

    /**
     * Creates an invoice on this node for {@code amount} (whole msat), with {@code memo} as its description, valid for
     * {@code expiry}.
     */
    public DecodedInvoice createInvoice(Amount amount, String memo, Duration expiry) {
        if (amount == null || !holds(amount.asset()) || amount.isZero()) {
            throw new InvalidInputException("an invoice needs a positive amount of " + asset.id());
        }
        String description = memo == null ? "" : memo;
        if (description.getBytes(StandardCharsets.UTF_8).length > MAX_MEMO_BYTES) {
            throw new InvalidInputException("an invoice memo is at most " + MAX_MEMO_BYTES + " bytes");
        }
        if (expiry == null || expiry.toSeconds() < 1) {
            throw new InvalidInputException("an invoice expiry must be at least one second");
        }
        node();
        Invoice invoice = new Invoice();
        invoice.setValueMsat(Msat.toLong(amount));
        invoice.setMemo(description);
        invoice.setExpiry(expiry.toSeconds());
        // Not retried: a retry after a lost answer would create a second invoice, which is harmless but confusing.
        String bolt11 = rpc.once("AddInvoice", "invoices:write", () -> connection.lightning().addInvoice(invoice)).getPaymentRequest();
        return decodeInvoice(bolt11);
    }

    /**
     * Decodes a BOLT11 invoice in-process ({@link Bolt11Decoder}: no round trip to the node); an invoice for another
     * network, or one that is malformed, is refused before anything else happens.
     */
    public DecodedInvoice decodeInvoice(String bolt11) {
        String normalized = new PaymentTarget.LightningInvoice(bolt11).bolt11();
        BitcoinNetwork invoiceNetwork = BitcoinNetwork.ofInvoice(normalized);
        if (invoiceNetwork != network) {
            throw new InvalidInputException("the invoice is for " + invoiceNetwork + " (prefix " + invoiceNetwork.invoicePrefix()
                    + ") but this wallet pays on " + network + " (prefix " + network.invoicePrefix() + ")");
        }
        Bolt11Decoder.Invoice req = Bolt11Decoder.decode(normalized);
        Instant created = Instant.ofEpochSecond(req.timestamp());
        long expiry = req.expirySeconds() > 0 ? req.expirySeconds() : DEFAULT_INVOICE_EXPIRY_SECONDS;
        return new DecodedInvoice(normalized, invoiceNetwork, Msat.of(asset, req.amountMsat()), req.paymentHash(),
                req.payee(), req.description(), created, created.plusSeconds(expiry));
    }

    @Override
    public Quote quote(PaymentIntent intent) {
        if (!(intent.target() instanceof PaymentTarget.LightningInvoice target)) {
            throw new InvalidInputException(name + " pays only Lightning invoices, not " + intent.target().describe());
        }
        if (!holds(intent.amount().asset())) {
            throw new InvalidInputException(name + " pays in " + asset.id() + ", not " + intent.amount().asset().id());
        }
        DecodedInvoice invoice = decodeInvoice(target.bolt11());
        if (!invoice.hasAmount()) {
            throw new InvalidInputException("the invoice names no amount; ask the payee for an invoice with an amount"
                    + " (an agent does not choose how much to pay an open invoice)");
        }
        if (invoice.isExpiredAt(clock.instant())) {
            throw new InvalidInputException("the invoice expired at " + invoice.expiresAt() + "; ask the payee for a new one");
        }
        if (!invoice.amount().equals(intent.amount())) {
            throw new InvalidInputException("the invoice asks for " + invoice.amount() + " but the payment is for "
                    + intent.amount() + "; nothing was paid");
        }
        Optional<LightningApi.Payment> existing = track(invoice.paymentHash());
        if (existing.isPresent()) {
            PaymentOutcome.Status status = LndPaymentStatus.toStatus(existing.get().getStatusValue());
            if (status == PaymentOutcome.Status.SUCCEEDED) {
                throw new DuplicatePaymentException(invoice.paymentHash(), "paid");
            }
            if (status == PaymentOutcome.Status.PENDING) {
                throw new DuplicatePaymentException(invoice.paymentHash(), "in flight");
            }
        }
        Amount maxFee = maxFeeFor(invoice.amount());
        Amount spendable = Msat.ofSat(asset, spendableSat());
        Amount needed = invoice.amount().plus(maxFee);
        if (needed.isGreaterThan(spendable)) {
            throw new InsufficientFundsException("paying " + invoice.amount() + " with up to " + maxFee + " in fees needs "
                    + needed + " but " + name + " can send " + spendable + " over its channels; nothing was sent");
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("network", network.name().toLowerCase(java.util.Locale.ROOT));
        details.put("destination", invoice.destination());
        details.put("expiresAt", invoice.expiresAt().toString());
        details.put("description", invoice.description());
        details.put("feeLimitMsat", Long.toString(Msat.toLong(maxFee)));
        return new Quote(intent, invoice.amount(), Optional.of(maxFee), invoice.destination(), Optional.empty(),
                Optional.of(invoice.paymentHash()), Optional.of(invoice.expiresAt()), details);
    }

    @Override
    public PreparedPayment.Lightning prepare(Quote quote) {
        if (!(quote.intent().target() instanceof PaymentTarget.LightningInvoice target) || quote.paymentHash().isEmpty()) {
            throw new InvalidInputException("not a Lightning quote: " + quote.intent().target().describe());
        }
        Amount maxFee = maxFeeFor(quote.amount());
        if (quote.maxFee().isEmpty() || !quote.maxFee().get().equals(maxFee)) {
            throw new InvalidInputException("the quote's maximum fee " + quote.maxFee().map(Amount::toString).orElse("(none)")
                    + " is not this wallet's fee limit of " + maxFee + " for " + quote.amount() + "; quote the payment again");
        }
        long feeLimitMsat = Msat.toLong(maxFee);
        return new PreparedPayment.Lightning(quote.paymentHash().get(), target.bolt11(), feeLimitMsat, paymentTimeout.toSeconds());
    }

    /**
     * Sends the payment with the prepared fee limit and waits for LND's final answer. An answer that is not final
     * (the call broke off) is resolved from the router's record of the hash, never reported as FAILED.
     *
     * @throws PeerUnavailableException if the send broke off and LND cannot be reached to learn what became of it:
     *         reconcile the payment later
     */
    @Override
    public PaymentOutcome execute(PreparedPayment prepared) {
        // The quote checked the router's records a moment ago; between then and now LND's own control tower refuses a
        // second payment of the same hash (ALREADY_EXISTS), which sendFailed() turns into the first payment's outcome.
        return send(lightning(prepared));
    }

    @Override
    public PaymentOutcome reconcile(PreparedPayment prepared, boolean resendIfUnknown) {
        PreparedPayment.Lightning payment = lightning(prepared);
        Optional<LightningApi.Payment> existing = track(payment.paymentHash());
        if (existing.isPresent()) {
            return outcome(payment.paymentHash(), existing.get());
        }
        return resendIfUnknown ? send(payment) : PaymentOutcome.pending(payment.paymentHash());
    }

    /** Nothing to give back: a Lightning payment reserves nothing before it is sent. */
    @Override
    public void release(PreparedPayment prepared) {
        lightning(prepared);
    }

    /** The SendPaymentV2 request for a prepared payment: its invoice, exactly its fee limit, and its timeout. */
    static RouterOuterClass.SendPaymentRequest sendRequest(PreparedPayment.Lightning prepared) {
        return RouterOuterClass.SendPaymentRequest.newBuilder()
                .setPaymentRequest(prepared.invoice())
                .setFeeLimitMsat(prepared.feeLimitMsat())
                .setTimeoutSeconds(Math.toIntExact(prepared.timeoutSeconds()))
                .setNoInflightUpdates(true)
                .build();
    }

    private PaymentOutcome send(PreparedPayment.Lightning prepared) {
        String hash = prepared.paymentHash();
        RouterOuterClass.SendPaymentRequest request = sendRequest(prepared);
        try {
            Iterator<LightningApi.Payment> updates = connection.routerStub()
                    .withDeadlineAfter(Duration.ofSeconds(request.getTimeoutSeconds()).plus(STREAM_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                    .sendPaymentV2(request);
            while (updates.hasNext()) {
                LightningApi.Payment update = updates.next();
                if (LndPaymentStatus.toStatus(update.getStatusValue()) != PaymentOutcome.Status.PENDING) {
                    return outcome(hash, update);
                }
            }
        } catch (StatusRuntimeException e) {
            return sendFailed(prepared, e);
        }
        // The stream ended without a final status: the router's record says where the payment stands.
        return trackAfterSend(hash).map(p -> outcome(hash, p)).orElse(PaymentOutcome.pending(hash));
    }

    /** Classifies a SendPaymentV2 error; only LND's definite refusal of a payment it never started is FAILED. */
    private PaymentOutcome sendFailed(PreparedPayment.Lightning prepared, StatusRuntimeException e) {
        String hash = prepared.paymentHash();
        Status status = e.getStatus();
        return switch (SendPaymentErrors.classify(status)) {
            case PERMISSION -> throw rpc.translate("SendPaymentV2", "offchain:write", e, 1);
            // The payment may be in flight; without a record yet it stays PENDING for reconciliation, which LND's
            // control tower keeps from paying the hash twice.
            case DUPLICATE, UNCERTAIN -> trackAfterSend(hash).map(p -> outcome(hash, p)).orElse(PaymentOutcome.pending(hash));
            case REFUSED -> trackAfterSend(hash).map(p -> outcome(hash, p)).orElse(PaymentOutcome.failed(hash,
                    "LND refused to send: " + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription())));
        };
    }

    /**
     * The router's record of {@code hash} after a send. Runs even when the caller's thread was interrupted or its gRPC
     * context cancelled (what may have broken off the send), and restores the interrupt afterwards.
     *
     * @throws PeerUnavailableException if LND cannot be reached or cannot say what became of the payment
     */
    private Optional<LightningApi.Payment> trackAfterSend(String hash) {
        boolean interrupted = Thread.interrupted();
        try {
            return track(hash);
        } catch (LndPermissionException e) {
            throw e;
        } catch (PeerUnavailableException | LndException e) {
            throw new PeerUnavailableException("sending payment " + hash + " through LND at " + connection.endpoint()
                    + " broke off, and LND could not be asked what became of it (" + e.getMessage() + "); it may be in flight,"
                    + " so it is not marked failed: reconcile it once lnd answers, it will not be paid twice", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The router's current record of a payment hash, or empty if this node never tried to pay it. */
    Optional<LightningApi.Payment> track(String paymentHashHex) {
        ByteString hash = ByteString.copyFrom(HexFormat.of().parseHex(paymentHashHex));
        RouterOuterClass.TrackPaymentRequest request = RouterOuterClass.TrackPaymentRequest.newBuilder()
                .setPaymentHash(hash).setNoInflightUpdates(false).build();
        return rpc.call("TrackPaymentV2", "offchain:read", () -> {
            Context.CancellableContext scope = Context.current().fork().withCancellation(); // not cancelled with the caller's
            try {
                return scope.call(() -> {
                    try {
                        Iterator<LightningApi.Payment> updates = connection.routerStub().trackPaymentV2(request);
                        return updates.hasNext() ? Optional.of(updates.next()) : Optional.<LightningApi.Payment>empty();
                    } catch (StatusRuntimeException e) {
                        if (isNotFound(e.getStatus())) {
                            return Optional.<LightningApi.Payment>empty();
                        }
                        throw e;
                    }
                });
            } finally {
                scope.cancel(null);
            }
        });
    }

    private static boolean isNotFound(Status status) {
        String text = LndRpc.description(status);
        return status.getCode() == Status.Code.NOT_FOUND || text.contains("not initiated") || text.contains("isn't initiated");
    }

    private PaymentOutcome outcome(String hash, LightningApi.Payment payment) {
        return switch (LndPaymentStatus.toStatus(payment.getStatusValue())) {
            case SUCCEEDED -> PaymentOutcome.succeeded(hash, Msat.of(asset, payment.getFeeMsat()), payment.getPaymentPreimage());
            case FAILED -> PaymentOutcome.failed(hash, LndPaymentStatus.failureReason(payment.getFailureReasonValue()));
            case PENDING -> PaymentOutcome.pending(hash);
        };
    }

    /** {@code prepared} as a Lightning payment whose reference is a 32-byte payment hash in lower-case hex. */
    private static PreparedPayment.Lightning lightning(PreparedPayment prepared) {
        Objects.requireNonNull(prepared, "prepared");
        if (!(prepared instanceof PreparedPayment.Lightning payment)) {
            throw new InvalidInputException("not a prepared Lightning payment (rail " + prepared.rail() + ")");
        }
        if (!payment.paymentHash().matches("[0-9a-f]{64}")) {
            throw new InvalidInputException("prepared Lightning payment " + payment.paymentHash() + " has no 32-byte hex payment hash");
        }
        return payment;
    }

    @Override
    public String toString() {
        return "LightningWallet[" + name + "]";
    }

    /** Builds a {@link LightningWallet}; connection and network are required. */
    public static final class Builder {
        private LndConnection connection;
        private BitcoinNetwork network;
        private LightningFeeLimit feeLimit = LightningFeeLimit.DEFAULT;
        private Duration paymentTimeout = Duration.ofSeconds(60);
        private Clock clock = Clock.systemUTC();
        private String name;
        private int retryAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(250);

        private Builder() {
        }

        public Builder connection(LndConnection connection) {
            this.connection = connection;
            return this;
        }

        /** The network the node must be on; invoices for any other network are refused. */
        public Builder network(BitcoinNetwork network) {
            this.network = network;
            return this;
        }

        /**
         * The most a payment may spend on routing fees: {@code ppm} parts per million of its amount, rounded up to
         * the msat, but at least {@code floorSat}; that is {@code max(floorSat × 1000, ceil(amount_msat × ppm /
         * 1 000 000))} msat. The default, 10 000 ppm (1 %) with a 10 sat floor, lets small payments pay a typical base
         * fee and keeps large ones proportionate. {@code feeLimit(0, n)} is a flat limit of {@code n} sat. Quotes
         * report the limit as their maximum fee, so payment policies count it, and LND is given exactly that limit.
         *
         * @param ppm      0 to 1 000 000 (100 %)
         * @param floorSat 0 or more
         */
        public Builder feeLimit(long ppm, long floorSat) {
            this.feeLimit = new LightningFeeLimit(ppm, floorSat);
            return this;
        }

        /** How long LND may try routes for one payment (default 60 s). */
        public Builder paymentTimeout(Duration paymentTimeout) {
            this.paymentTimeout = paymentTimeout;
            return this;
        }

        /** Attempts per idempotent call while LND is unreachable, and the first backoff, doubled each time (3, 250 ms). */
        public Builder retries(int attempts, Duration initialBackoff) {
            this.retryAttempts = attempts;
            this.retryBackoff = initialBackoff;
            return this;
        }

        /** The clock invoice expiry is checked against (default system UTC). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A name for logs and the journal (default {@code lnd:<network>:<host:port>}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Validates the settings; the node is first contacted on first use. */
        public LightningWallet build() {
            if (connection == null) {
                throw new InvalidInputException("a Lightning wallet needs an LndConnection");
            }
            if (network == null) {
                throw new InvalidInputException("a Lightning wallet needs the Bitcoin network its node is on");
            }
            Objects.requireNonNull(clock, "clock");
            if (paymentTimeout == null || paymentTimeout.toSeconds() < 1 || paymentTimeout.toSeconds() > 3600) {
                throw new InvalidInputException("the payment timeout must be 1 s to 1 h");
            }
            if (retryAttempts < 1 || retryAttempts > 10 || retryBackoff == null || retryBackoff.isNegative()) {
                throw new InvalidInputException("retries must be 1..10 attempts with a non-negative backoff");
            }
            return new LightningWallet(this);
        }
    }
}
