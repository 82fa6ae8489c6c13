package dev.bursar.wallet.lightning;

import dev.bursar.wallet.value.BitcoinNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.invoices.proto.InvoicesGrpc;
import org.lightningj.lnd.invoices.proto.InvoicesOuterClass;
import org.lightningj.lnd.wrapper.MacaroonClientInterceptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sending over real lnd: the fee limit each quote carries and LND is given, and a send that breaks off before LND's
 * final answer, which must be tracked to its real end instead of being reported failed.
 */
@WithDevnet({Component.LIGHTNING})
class LightningSendIT {

    private static final Asset.LightningBitcoin BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private LightningWallet.Builder builder(LndNode node) {
        Path macaroon = node.bakeMacaroon(tmp.resolve(node.alias() + "-" + UUID.randomUUID() + ".macaroon"),
                LndConnection.AGENT_PERMISSIONS.split(" "));
        LndConnection connection = LndConnection.builder().host(node.grpcHost()).port(node.grpcPort())
                .tlsCert(node.tlsCert()).macaroon(macaroon).callTimeout(Duration.ofSeconds(10)).build();
        closeables.add(connection);
        return LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST).paymentTimeout(Duration.ofSeconds(30));
    }

    private static PaymentIntent intent(String bolt11, Amount amount) {
        return new PaymentIntent("agent-1", new PaymentTarget.LightningInvoice(bolt11), amount, "test", "key-" + UUID.randomUUID());
    }

    private static Amount msat(long msat) {
        return Amount.ofUnits(BTC, msat);
    }

    private static List<JsonNode> payments(LndNode node, String hash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : node.listPayments().path("payments")) {
            if (hash.equals(p.path("payment_hash").asText())) {
                out.add(p);
            }
        }
        return out;
    }

    /** Settles bob's hold invoice with its preimage over the invoices RPC (lncli's devnet wrapper has no settle). */
    private void settle(LndNode node, byte[] preimage) throws Exception {
        String macaroonHex = HexFormat.of().formatHex(Files.readAllBytes(node.adminMacaroon()));
        ManagedChannel channel = NettyChannelBuilder.forAddress(node.grpcHost(), node.grpcPort())
                .sslContext(GrpcSslContexts.forClient().trustManager(node.tlsCert().toFile()).build())
                .intercept(new MacaroonClientInterceptor(() -> macaroonHex)).build();
        try {
            InvoicesGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .settleInvoice(InvoicesOuterClass.SettleInvoiceMsg.newBuilder().setPreimage(ByteString.copyFrom(preimage)).build());
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void eachQuoteCarriesItsProportionalFeeLimitAndThePaymentIsSentWithIt(Devnet devnet) {
        LndNode bob = devnet.lightning().bob();
        LightningWallet alice = builder(devnet.lightning().alice()).build(); // the default: 1 %, at least 10 sat
        LightningWallet bobWallet = builder(bob).build();

        DecodedInvoice large = bobWallet.createInvoice(msat(25_000_000), "1 % of 25 000 sat", Duration.ofMinutes(10));
        Quote quote = alice.quote(intent(large.bolt11(), large.amount()));
        assertThat(quote.maxFee()).contains(msat(250_000)); // 250 sat, not a flat 100 sat
        assertThat(quote.maxFee()).contains(alice.maxFeeFor(large.amount()));
        PreparedPayment.Lightning prepared = alice.prepare(quote);
        assertThat(prepared.feeLimitMsat()).isEqualTo(250_000);
        assertThat(LightningWallet.sendRequest(prepared).getFeeLimitMsat()).isEqualTo(250_000);
        PaymentOutcome paid = alice.execute(prepared);
        assertThat(paid.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(paid.fee().orElseThrow()).isLessThanOrEqualTo(quote.maxFee().orElseThrow());
        assertThat(bob.invoiceState(large.paymentHash())).isEqualTo("SETTLED");

        DecodedInvoice small = bobWallet.createInvoice(msat(300_000), "below the floor", Duration.ofMinutes(10));
        assertThat(alice.quote(intent(small.bolt11(), small.amount())).maxFee()).contains(msat(10_000)); // the 10 sat floor

        LightningWallet custom = builder(devnet.lightning().alice()).feeLimit(5_000, 1).build();
        DecodedInvoice odd = bobWallet.createInvoice(msat(1_000_333), "rounded up", Duration.ofMinutes(10));
        Quote rounded = custom.quote(intent(odd.bolt11(), odd.amount()));
        assertThat(rounded.maxFee()).contains(msat(5_002)); // ceil(1 000 333 × 5 000 / 1 000 000)
        PaymentOutcome oddPaid = custom.execute(custom.prepare(rounded));
        assertThat(oddPaid.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(bob.lookupInvoice(odd.paymentHash()).path("amt_paid_msat").asLong()).isEqualTo(1_000_333);
    }

    @Test
    void theBalanceMustCoverTheAmountPlusTheMaximumFee(Devnet devnet) {
        LightningWallet alice = builder(devnet.lightning().alice()).build();
        long spendableMsat = alice.balance(BTC).units().longValueExact();
        long amountMsat = spendableMsat - 5_000; // fits alone, not with a 1 % fee limit
        String bolt11 = builder(devnet.lightning().bob()).build().createInvoice(msat(amountMsat), "tight", Duration.ofMinutes(10)).bolt11();
        Amount maxFee = alice.maxFeeFor(msat(amountMsat));
        assertThat(maxFee.units().longValueExact()).isGreaterThan(5_000);

        assertThatThrownBy(() -> alice.quote(intent(bolt11, msat(amountMsat))))
                .isInstanceOf(InsufficientFundsException.class)
                .hasMessageContaining("with up to " + maxFee + " in fees")
                .hasMessageContaining("nothing was sent");
    }

    @Test
    void aSendBrokenOffBeforeLndsAnswerIsTrackedToItsRealEndNeverFailed(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        LightningWallet wallet = builder(alice).build();
        byte[] preimage = new byte[32];
        new SecureRandom().nextBytes(preimage);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(preimage));
        String bolt11 = bob.addHoldInvoice(hash, 900); // bob holds the HTLC until we settle
        PreparedPayment prepared = wallet.prepare(wallet.quote(intent(bolt11, msat(900_000))));

        AtomicReference<Object> result = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread sender = new Thread(() -> {
            try {
                result.set(wallet.execute(prepared));
            } catch (RuntimeException e) {
                result.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "lightning-sender");
        sender.start();
        for (int i = 0; i < 200 && !"ACCEPTED".equals(bob.invoiceState(hash)); i++) {
            Thread.sleep(100);
        }
        assertThat(bob.invoiceState(hash)).isEqualTo("ACCEPTED"); // the HTLC reached bob: the payment is in flight
        sender.interrupt(); // a watchdog gives up waiting: the gRPC call ends CANCELLED, the payment does not
        sender.join(20_000);

        assertThat(result.get()).isInstanceOf(PaymentOutcome.class);
        PaymentOutcome broken = (PaymentOutcome) result.get();
        assertThat(broken.status()).isEqualTo(PaymentOutcome.Status.PENDING); // tracked: in flight, not FAILED
        assertThat(stillInterrupted).isTrue(); // the interrupt is handed back to the caller

        settle(bob, preimage);
        PaymentOutcome settled = wallet.reconcile(prepared, false);
        for (int i = 0; i < 80 && !settled.isFinal(); i++) {
            Thread.sleep(250);
            settled = wallet.reconcile(prepared, false);
        }
        assertThat(settled.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(settled.proof()).contains(HexFormat.of().formatHex(preimage));
        assertThat(bob.invoiceState(hash)).isEqualTo("SETTLED");
        assertThat(payments(alice, hash)).hasSize(1);
        assertThat(wallet.reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED); // never sent again
        assertThat(payments(alice, hash)).hasSize(1);
    }
}
