package dev.bursar.runtime.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetEndpoints;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.bursar.wallet.lightning.LightningBalance;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.wrapper.message.AddressType;
import org.lightningj.lnd.wrapper.message.BakeMacaroonRequest;
import org.lightningj.lnd.wrapper.message.ListPaymentsRequest;
import org.lightningj.lnd.wrapper.message.MacaroonPermission;
import org.lightningj.lnd.wrapper.message.OpenChannelRequest;
import org.lightningj.lnd.wrapper.message.SendCoinsRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ./bursar demo}'s agent drives LND alice with a macaroon baked for its wallet tools, not with alice's admin
 * macaroon: what DemoSetup writes is run against the real alice and bob. Everything the tools do works (node key,
 * balances, invoices, decoding, paying and tracking a payment); what they never do is refused by lnd.
 */
@WithDevnet({Component.EVM, Component.LIGHTNING})
class DemoMacaroonIT {

    private static final Asset.LightningBitcoin BTC = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path data;

    private final List<LndConnection> connections = new ArrayList<>();

    @AfterEach
    void close() {
        connections.forEach(LndConnection::close);
    }

    /** DemoSetup on this devnet, as ./bursar demo runs it; returns the Lightning block of the demo agent's YAML. */
    private JsonNode demoLightning(Devnet devnet) throws Exception {
        DevnetEndpoints e = devnet.endpoints();
        // The demo only writes the model's path into its configuration; this test does not need the model itself.
        DevnetEndpoints endpoints = new DevnetEndpoints(e.supervisorPid(), e.workDir(), e.evm(), e.lightning(),
                new DevnetEndpoints.Model(data.resolve("model.gguf").toString(), "unused"), e.childPids());
        Path state = data.resolve("devnet.json");
        endpoints.writeTo(state);
        DemoSetup.main(new String[] {state.toString(), data.toString()});
        return YAML.readTree(data.resolve("agents/demo.yaml").toFile()).path("wallets").path("lightning");
    }

    private LndConnection connect(JsonNode lightning) {
        LndConnection c = LndConnection.builder().host(lightning.path("host").asText()).port(lightning.path("port").asInt())
                .tlsCert(Path.of(lightning.path("tlsCert").asText())).macaroon(Path.of(lightning.path("macaroon").asText()))
                .callTimeout(Duration.ofSeconds(10)).build();
        connections.add(c);
        return c;
    }

    private static Amount sat(long sats) {
        return Amount.ofUnits(BTC, sats * 1000);
    }

    @Test
    void theDemoAgentsMacaroonIsBakedOwnerOnlyAndNotAlicesAdminMacaroon(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();

        Path macaroon = Path.of(demoLightning(devnet).path("macaroon").asText());

        assertThat(macaroon).startsWith(data.toAbsolutePath()).isNotEqualTo(alice.adminMacaroon());
        assertThat(Files.readAllBytes(macaroon)).isNotEqualTo(Files.readAllBytes(alice.adminMacaroon()));
        assertThat(Files.getPosixFilePermissions(macaroon))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        // a second ./bursar demo on the same data directory bakes again and keeps the file owner-only
        assertThat(Path.of(demoLightning(devnet).path("macaroon").asText())).isEqualTo(macaroon);
        assertThat(Files.getPosixFilePermissions(macaroon))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void theBakedMacaroonDoesEverythingTheWalletToolsDo(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        LightningWallet wallet = LightningWallet.builder().connection(connect(demoLightning(devnet)))
                .network(BitcoinNetwork.REGTEST).paymentTimeout(Duration.ofSeconds(30)).build();

        // get_address: GetInfo
        assertThat(wallet.nodePubkey()).isEqualTo(alice.pubkey());
        // get_balance: ChannelBalance, WalletBalance, ListChannels
        LightningBalance balance = wallet.balances();
        assertThat(balance.channelSpendable().units()).isPositive();
        assertThat(balance.onChainConfirmedSat()).isEqualTo(alice.confirmedOnChainSats());
        // create_invoice: AddInvoice
        DecodedInvoice mine = wallet.createInvoice(sat(1500), "demo receives", Duration.ofMinutes(10));
        assertThat(alice.invoiceState(mine.paymentHash())).isEqualTo("OPEN");
        // pay_invoice: DecodePayReq, ListChannels, SendPaymentV2, TrackPaymentV2
        String bolt11 = bob.addInvoice(1000, "demo pays bob");
        DecodedInvoice theirs = wallet.decodeInvoice(bolt11);
        assertThat(theirs.destination()).isEqualTo(bob.pubkey());
        PreparedPayment prepared = wallet.prepare(wallet.quote(new PaymentIntent("demo",
                new PaymentTarget.LightningInvoice(bolt11), sat(1000), "demo macaroon test", "key-" + UUID.randomUUID())));
        PaymentOutcome paid = wallet.execute(prepared);
        assertThat(paid.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(bob.invoiceState(theirs.paymentHash())).isEqualTo("SETTLED");
        // after a restart the journal's open payment is looked up, not sent again
        assertThat(wallet.reconcile(prepared, false).proof()).isEqualTo(paid.proof());
    }

    @Test
    void theBakedMacaroonIsRefusedWhatTheToolsNeverDo(Devnet devnet) throws Exception {
        LndNode alice = devnet.lightning().alice();
        LndNode bob = devnet.lightning().bob();
        var lnd = connect(demoLightning(devnet)).lightning();
        long channelsBefore = alice.activeChannels();

        // Each request is one lnd would refuse or ignore anyway under admin rights (no funds move, nothing opens):
        // what this asserts is that the macaroon check refuses it first.
        assertPermissionDenied(() -> lnd.newAddress(AddressType.WITNESS_PUBKEY_HASH, ""));
        OpenChannelRequest open = new OpenChannelRequest();
        open.setNodePubkey(HexFormat.of().parseHex(bob.pubkey()));
        open.setLocalFundingAmount(1); // below lnd's minimum channel size
        assertPermissionDenied(() -> lnd.openChannelSync(open));
        SendCoinsRequest send = new SendCoinsRequest();
        send.setAddr("not-an-address");
        send.setAmount(1);
        assertPermissionDenied(() -> lnd.sendCoins(send));
        MacaroonPermission all = new MacaroonPermission();
        all.setEntity("offchain");
        all.setAction("write");
        BakeMacaroonRequest bake = new BakeMacaroonRequest();
        bake.setPermissions(List.of(all));
        assertPermissionDenied(() -> lnd.bakeMacaroon(bake));
        // even reads beyond the tools' RPCs: the payment history of the node
        assertPermissionDenied(() -> lnd.listPayments(new ListPaymentsRequest()));

        assertThat(alice.activeChannels()).isEqualTo(channelsBefore);
    }

    @FunctionalInterface
    private interface Rpc {
        Object call() throws Exception;
    }

    private static void assertPermissionDenied(Rpc rpc) {
        assertThatThrownBy(rpc::call).satisfies(e -> {
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            assertThat(messages.toString().toLowerCase(Locale.ROOT)).contains("permission denied");
        });
    }
}
