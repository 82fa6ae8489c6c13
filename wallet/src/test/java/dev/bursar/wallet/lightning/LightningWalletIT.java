package dev.bursar.wallet.lightning;

import dev.bursar.wallet.value.BitcoinNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Lightning wallet against the devnet's real lnd nodes: alice pays bob over their channel. */
@WithDevnet({Component.LIGHTNING})
class LightningWalletIT {

    private static final Asset.LightningBitcoin BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);

    @TempDir
    Path tmp;

    private final List<LndConnection> connections = new ArrayList<>();

    @AfterEach
    void close() {
        connections.forEach(LndConnection::close);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    @Test
    void readsTheNodesInvoicesInProcessExactlyAsTheNodeDoes(Devnet devnet) {
        LndNode bob = devnet.lightning().bob();
        LightningWallet bobWallet = agentWallet(bob);
        Asset.LightningBitcoin btc = (Asset.LightningBitcoin) sat(1).asset();
        List<String> invoices = new ArrayList<>(List.of(
                bobWallet.createInvoice(sat(1), "one sat", Duration.ofSeconds(60)).bolt11(),
                bobWallet.createInvoice(Msat.of(btc, 1_001), "a sat and a millisat", Duration.ofHours(24)).bolt11(),
                bobWallet.createInvoice(sat(123_456), "café ☕ " + "x".repeat(500), Duration.ofMinutes(10)).bolt11(),
                bobWallet.createInvoice(sat(2_000_000), "", Duration.ofDays(7)).bolt11(),
                bob.addInvoice(0, "any amount")));
        for (String bolt11 : invoices) {
            DecodedInvoice mine = bobWallet.decodeInvoice(bolt11);
            JsonNode lnd = bob.decodePayReq(bolt11);
            assertThat(mine.amount()).as(bolt11).isEqualTo(Msat.of(btc, lnd.path("num_msat").asLong()));
            assertThat(mine.paymentHash()).isEqualTo(lnd.path("payment_hash").asText());
            assertThat(mine.destination()).isEqualTo(lnd.path("destination").asText()).isEqualTo(bob.pubkey());
            assertThat(mine.description()).isEqualTo(lnd.path("description").asText());
            assertThat(mine.createdAt().getEpochSecond()).isEqualTo(lnd.path("timestamp").asLong());
            assertThat(mine.expiresAt().getEpochSecond()).isEqualTo(lnd.path("timestamp").asLong() + lnd.path("expiry").asLong());
        }
        String tampered = invoices.get(0).substring(0, 40) + (invoices.get(0).charAt(40) == 'q' ? 'p' : 'q') + invoices.get(0).substring(41);
        assertThatThrownBy(() -> bobWallet.decodeInvoice(tampered)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("checksum");
    }

    /** A wallet on {@code node} with a macaroon baked for exactly what an agent needs. */
    private LightningWallet agentWallet(LndNode node) {
        return wallet(node, agentMacaroon(node));
    }

    private LightningWallet wallet(LndNode node, Path macaroon) {
        return wallet(node, macaroon, Duration.ofSeconds(30));
    }

    private LightningWallet wallet(LndNode node, Path macaroon, Duration paymentTimeout) {
        return builder(node, macaroon).feeLimit(0, 50).paymentTimeout(paymentTimeout).build(); // a flat 50 sat
    }

    private LightningWallet.Builder builder(LndNode node, Path macaroon) {
        LndConnection connection = LndConnection.builder().host(node.grpcHost()).port(node.grpcPort())
                .tlsCert(node.tlsCert()).macaroon(macaroon).callTimeout(Duration.ofSeconds(10)).build();
        connections.add(connection);
        return LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST);
    }

    private Path agentMacaroon(LndNode node) {
        return node.bakeMacaroon(tmp.resolve(node.alias() + "-agent-" + UUID.randomUUID() + ".macaroon"),
                LndConnection.AGENT_PERMISSIONS.split(" "));
    }

    private static PaymentIntent intent(String bolt11, Amount amount) {
        return new PaymentIntent("agent-1", new PaymentTarget.LightningInvoice(bolt11), amount, "test",
                "key-" + UUID.randomUUID());
    }

    private static Amount sat(long sats) {
        return Amount.ofUnits(BTC, sats * 1000);
    }

    private static String hashOf(LndNode node, String bolt11) {
        return node.decodePayReq(bolt11).get("payment_hash").asText();
    }

    /** Alice's outgoing payment records for {@code hash}. */
    private static List<JsonNode> payments(LndNode node, String hash) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : node.listPayments().path("payments")) {
            if (hash.equals(p.path("payment_hash").asText())) {
                out.add(p);
            }
        }
        return out;
    }

    private static long succeededHtlcs(JsonNode payment) {
        long n = 0;
        for (JsonNode h : payment.path("htlcs")) {
            if ("SUCCEEDED".equals(h.path("status").asText())) {
                n++;
            }
        }
        return n;
    }

    private static long localMsat(LndNode node) {
        return node.channelBalance().path("local_balance").path("msat").asLong();
    }

    private static void assertPreimageMatches(String preimageHex, String hashHex) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(preimageHex));
        assertThat(HexFormat.of().formatHex(digest)).isEqualTo(hashHex);
    }

    /**
     * Asserts alice did not pay {@code bolt11}: bob's invoice is unpaid (open, or canceled by lnd once expired) and
     * alice has no payment for it.
     */
    private static void assertNothingPaid(Devnet devnet, String bolt11) {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        String hash = hashOf(bob, bolt11);
        JsonNode invoice = bob.lookupInvoice(hash);
        assertThat(invoice.path("state").asText()).isIn("OPEN", "CANCELED");
        assertThat(invoice.path("amt_paid_msat").asLong()).isZero();
        assertThat(payments(alice, hash)).isEmpty();
    }

    // ---- tests -----------------------------------------------------------------------------------------------------

    @Test
    void reportsChannelAndOnChainBalances(Devnet devnet) {
        LndNode alice = devnet.lightning().alice();
        LightningWallet wallet = agentWallet(alice);

        LightningBalance balance = wallet.balances();

        assertThat(balance.channelLocal().units().longValueExact()).isEqualTo(localMsat(alice));
        assertThat(balance.channelSpendable().units()).isPositive();
        assertThat(balance.channelSpendable()).isLessThan(balance.channelLocal()); // channel reserve held back
        assertThat(balance.onChainConfirmedSat()).isEqualTo(alice.confirmedOnChainSats());
        assertThat(wallet.balance(BTC)).isEqualTo(balance.channelSpendable());
        assertThat(wallet.nodePubkey()).isEqualTo(alice.pubkey());
    }

    @Test
    void alicePaysBobsInvoiceOnceAndASecondPaymentIsRefused(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        LightningWallet wallet = agentWallet(alice);
        String bolt11 = bob.addInvoice(1000, "first");
        String hash = hashOf(bob, bolt11);

        Quote quote = wallet.quote(intent(bolt11, sat(1000)));
        assertThat(quote.paymentHash()).contains(hash);
        assertThat(quote.recipient()).isEqualTo(bob.pubkey());
        assertThat(quote.maxFee()).contains(Amount.ofUnits(BTC, 50_000));
        PreparedPayment prepared = wallet.prepare(quote);
        assertThat(prepared.reference()).isEqualTo(hash);
        assertThat(bob.invoiceState(hash)).isEqualTo("OPEN"); // prepare sends nothing

        PaymentOutcome outcome = wallet.execute(prepared);

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(outcome.fee()).contains(Amount.zero(BTC)); // direct channel: no routing fee
        assertPreimageMatches(outcome.proof().orElseThrow(), hash);
        assertThat(bob.invoiceState(hash)).isEqualTo("SETTLED");
        long aliceAfterFirst = localMsat(alice);

        // A new intent for the same invoice is refused before anything is sent...
        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(1000))))
                .isInstanceOf(DuplicatePaymentException.class).hasMessageContaining(hash).hasMessageContaining("paid");
        // ...and re-executing the prepared payment reports the first payment instead of paying again.
        PaymentOutcome again = wallet.execute(prepared);
        assertThat(again.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(again.proof()).isEqualTo(outcome.proof());

        assertThat(localMsat(alice)).isEqualTo(aliceAfterFirst);
        assertThat(bob.lookupInvoice(hash).path("amt_paid_msat").asLong()).isEqualTo(1_000_000);
        List<JsonNode> records = payments(alice, hash);
        assertThat(records).hasSize(1);
        assertThat(succeededHtlcs(records.get(0))).isEqualTo(1);
    }

    @Test
    void bobCreatesAnInvoiceWithHisWalletAndAlicePaysIt(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        LightningWallet bobWallet = agentWallet(bob);
        LightningWallet aliceWallet = agentWallet(alice);
        Instant before = Instant.now().minusSeconds(2);

        DecodedInvoice invoice = bobWallet.createInvoice(sat(2500), "weather report", Duration.ofMinutes(10));

        assertThat(invoice.bolt11()).startsWith("lnbcrt");
        assertThat(invoice.network()).isEqualTo(BitcoinNetwork.REGTEST);
        assertThat(invoice.amount()).isEqualTo(sat(2500));
        assertThat(invoice.destination()).isEqualTo(bob.pubkey());
        assertThat(invoice.description()).isEqualTo("weather report");
        assertThat(invoice.expiresAt()).isBetween(before.plusSeconds(600), Instant.now().plusSeconds(602));
        assertThat(aliceWallet.decodeInvoice(invoice.bolt11())).isEqualTo(invoice);

        PaymentOutcome outcome = aliceWallet.execute(aliceWallet.prepare(aliceWallet.quote(intent(invoice.bolt11(), sat(2500)))));

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertPreimageMatches(outcome.proof().orElseThrow(), invoice.paymentHash());
        assertThat(bob.invoiceState(invoice.paymentHash())).isEqualTo("SETTLED");
        assertThat(bob.lookupInvoice(invoice.paymentHash()).path("amt_paid_msat").asLong()).isEqualTo(2_500_000);
    }

    @Test
    void aPaymentHeldInFlightIsPendingAndNeverSentTwice(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        Path macaroon = alice.bakeMacaroon(tmp.resolve("held.macaroon"), LndConnection.AGENT_PERMISSIONS.split(" "));
        LightningWallet wallet = wallet(alice, macaroon, Duration.ofSeconds(1));
        byte[] preimage = new byte[32];
        new java.security.SecureRandom().nextBytes(preimage);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(preimage));
        String bolt11 = bob.addHoldInvoice(hash, 800);
        PreparedPayment prepared = wallet.prepare(wallet.quote(intent(bolt11, sat(800))));

        PaymentOutcome held = wallet.execute(prepared); // bob holds the HTLC: the send cannot become final

        assertThat(held.status()).isEqualTo(PaymentOutcome.Status.PENDING);
        assertThat(bob.invoiceState(hash)).isEqualTo("ACCEPTED");
        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(800))))
                .isInstanceOf(DuplicatePaymentException.class).hasMessageContaining("in flight");
        assertThat(wallet.execute(prepared).status()).isEqualTo(PaymentOutcome.Status.PENDING);
        assertThat(wallet.reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.PENDING);
        List<JsonNode> records = payments(alice, hash);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("htlcs")).hasSize(1); // no second attempt was sent

        bob.cancelInvoice(hash);
        PaymentOutcome settled = wallet.reconcile(prepared, false);
        for (int i = 0; i < 40 && !settled.isFinal(); i++) {
            Thread.sleep(250);
            settled = wallet.reconcile(prepared, false);
        }
        assertThat(settled.status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(settled.failureReason()).hasValueSatisfying(r -> assertThat(r).isNotBlank());
        // lnd keeps amt_paid_msat of the canceled HTLC on a canceled hold invoice; the state is what tells it was not paid.
        assertThat(bob.invoiceState(hash)).isEqualTo("CANCELED");
    }

    @Test
    void refusesAMainnetInvoiceBeforeAskingTheNode(Devnet devnet) {
        LightningWallet wallet = agentWallet(devnet.lightning().alice());
        long before = localMsat(devnet.lightning().alice());

        assertThatThrownBy(() -> wallet.quote(intent(LightningUnitsTest.MAINNET_INVOICE, sat(10))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("MAINNET").hasMessageContaining("REGTEST");
        assertThat(wallet.supports(intent(LightningUnitsTest.MAINNET_INVOICE, sat(10)))).isFalse();
        assertThat(localMsat(devnet.lightning().alice())).isEqualTo(before);
    }

    @Test
    void refusesAnExpiredInvoice(Devnet devnet) throws Exception {
        LightningWallet bobWallet = agentWallet(devnet.lightning().bob());
        LightningWallet wallet = agentWallet(devnet.lightning().alice());
        DecodedInvoice invoice = bobWallet.createInvoice(sat(700), "short-lived", Duration.ofSeconds(1));
        Thread.sleep(2100);

        assertThatThrownBy(() -> wallet.quote(intent(invoice.bolt11(), sat(700))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("expired");
        assertNothingPaid(devnet, invoice.bolt11());
    }

    @Test
    void refusesAnInvoiceWithoutAmount(Devnet devnet) {
        LightningWallet wallet = agentWallet(devnet.lightning().alice());
        String bolt11 = devnet.lightning().bob().addInvoice(0, "any amount");

        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(1000))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no amount");
        assertNothingPaid(devnet, bolt11);
    }

    @Test
    void refusesWhenTheInvoiceAsksForAnotherAmount(Devnet devnet) {
        LightningWallet wallet = agentWallet(devnet.lightning().alice());
        String bolt11 = devnet.lightning().bob().addInvoice(1000, "mismatch");

        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(1001))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("1000 sat").hasMessageContaining("1001 sat");
        assertNothingPaid(devnet, bolt11);
    }

    @Test
    void refusesMoreThanTheChannelCanSend(Devnet devnet) {
        LightningWallet wallet = agentWallet(devnet.lightning().alice());
        long spendableSat = wallet.balance(BTC).units().longValueExact() / 1000;
        String bolt11 = devnet.lightning().bob().addInvoice(spendableSat + 1, "too much");

        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(spendableSat + 1))))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("nothing was sent");
        assertNothingPaid(devnet, bolt11);
    }

    @Test
    void anUnreachableNodeIsAPeerUnavailableErrorNamingHostAndPort(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Path macaroon = alice.adminMacaroon();
        LndConnection connection = LndConnection.builder().host("127.0.0.1").port(closedPort).tlsCert(alice.tlsCert())
                .macaroon(macaroon).callTimeout(Duration.ofSeconds(2)).build();
        connections.add(connection);
        LightningWallet wallet = LightningWallet.builder().connection(connection).network(BitcoinNetwork.REGTEST)
                .retries(3, Duration.ofMillis(50)).build();
        String macaroonHex = HexFormat.of().formatHex(Files.readAllBytes(macaroon));

        assertThatThrownBy(() -> wallet.balance(BTC)).isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort).hasMessageContaining("3 attempt")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(macaroonHex));
        String bolt11 = devnet.lightning().bob().addInvoice(10, "unreachable");
        assertThatThrownBy(() -> wallet.quote(intent(bolt11, sat(10)))).isInstanceOf(PeerUnavailableException.class);
        assertThat(connection.toString()).doesNotContain(macaroonHex);
    }

    @Test
    void aReadOnlyMacaroonCannotPay(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LightningWallet readOnly = wallet(alice, alice.readonlyMacaroon());
        String bolt11 = devnet.lightning().bob().addInvoice(300, "read-only");
        String macaroonHex = HexFormat.of().formatHex(Files.readAllBytes(alice.readonlyMacaroon()));

        PreparedPayment prepared = readOnly.prepare(readOnly.quote(intent(bolt11, sat(300)))); // reading is allowed

        assertThatThrownBy(() -> readOnly.execute(prepared)).isInstanceOf(LndPermissionException.class)
                .hasMessageContaining("SendPaymentV2").hasMessageContaining("offchain:write")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(macaroonHex));
        assertNothingPaid(devnet, bolt11);
    }

    @Test
    void reconcileSendsANeverSentPaymentOnceAndOnlyOnce(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        LightningWallet wallet = agentWallet(alice);
        String bolt11 = bob.addInvoice(1200, "crash before send");
        String hash = hashOf(bob, bolt11);
        PreparedPayment prepared = wallet.prepare(wallet.quote(intent(bolt11, sat(1200))));

        PaymentOutcome unknown = wallet.reconcile(prepared, false);
        assertThat(unknown.status()).isEqualTo(PaymentOutcome.Status.PENDING);
        assertNothingPaid(devnet, bolt11);

        PaymentOutcome sent = wallet.reconcile(prepared, true);
        assertThat(sent.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertPreimageMatches(sent.proof().orElseThrow(), hash);
        assertThat(bob.invoiceState(hash)).isEqualTo("SETTLED");
        long aliceAfter = localMsat(alice);

        PaymentOutcome second = wallet.reconcile(prepared, true);
        assertThat(second.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(second.proof()).isEqualTo(sent.proof());
        assertThat(localMsat(alice)).isEqualTo(aliceAfter);
        assertThat(bob.lookupInvoice(hash).path("amt_paid_msat").asLong()).isEqualTo(1_200_000);
        assertThat(payments(alice, hash)).hasSize(1);
    }
}
