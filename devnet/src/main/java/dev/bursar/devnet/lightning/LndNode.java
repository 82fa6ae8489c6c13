package dev.bursar.devnet.lightning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.process.FreePorts;
import dev.bursar.devnet.process.ManagedProcess;
import dev.bursar.devnet.process.ProcessSupervisor;
import dev.bursar.devnet.process.Readiness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A running lnd regtest node backed by the devnet's btcd, with a seedless wallet; exposes its gRPC address, TLS
 * certificate and macaroons, and drives it through its own lncli.
 */
public final class LndNode {

    private final String alias;
    private final Path dir;
    private final int grpcPort;
    private final int p2pPort;
    private final int restPort;
    private final ManagedProcess process;
    private final CliTool lncli;

    private LndNode(String alias, Path dir, int grpcPort, int p2pPort, int restPort, ManagedProcess process, Path lncliBin) {
        this.alias = alias;
        this.dir = dir;
        this.grpcPort = grpcPort;
        this.p2pPort = p2pPort;
        this.restPort = restPort;
        this.process = process;
        this.lncli = new CliTool("lncli (" + alias + ")", List.of(lncliBin.toString(), "--lnddir=" + dir,
                "--network=regtest", "--rpcserver=127.0.0.1:" + grpcPort));
    }

    /** How many times lnd is started on fresh ports when another process took one between picking and binding it. */
    private static final int PORT_ATTEMPTS = 3;

    /**
     * Starts lnd and waits until its RPC answers GetInfo (wallet created and unlocked); a port taken between picking
     * and binding it ({@link dev.bursar.devnet.process.FreePorts}) is retried on fresh ports.
     */
    public static LndNode start(ProcessSupervisor supervisor, Path lnd, Path lncli, String alias, Path dir, BtcdNode btcd) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(supervisor, lnd, lncli, alias, dir, btcd);
            } catch (DevnetException e) {
                if (attempt >= PORT_ATTEMPTS || e.getMessage() == null || !e.getMessage().contains("address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static LndNode startOnce(ProcessSupervisor supervisor, Path lnd, Path lncli, String alias, Path dir, BtcdNode btcd) {
        int grpc = FreePorts.next();
        int p2p = FreePorts.next();
        int rest = FreePorts.next();
        ManagedProcess process = supervisor.start("lnd-" + alias, List.of(lnd.toString(),
                "--lnddir=" + dir, "--noseedbackup", "--alias=" + alias,
                "--bitcoin.regtest", "--bitcoin.node=btcd",
                "--btcd.rpchost=" + btcd.rpcHost(), "--btcd.rpcuser=" + BtcdNode.RPC_USER,
                "--btcd.rpcpass=" + BtcdNode.RPC_PASS, "--btcd.rpccert=" + btcd.rpcCert(),
                "--listen=127.0.0.1:" + p2p, "--rpclisten=127.0.0.1:" + grpc, "--restlisten=127.0.0.1:" + rest,
                "--nobootstrap", "--trickledelay=50", "--debuglevel=info",
                "--bitcoin.defaultchanconfs=3", "--accept-keysend"), dir, Map.of());
        LndNode node = new LndNode(alias, dir, grpc, p2p, rest, process, lncli);
        Readiness.await("lnd " + alias + " GetInfo on 127.0.0.1:" + grpc, Duration.ofSeconds(90), Duration.ofMillis(500),
                process, () -> node.getInfo().hasNonNull("identity_pubkey"));
        return node;
    }

    public JsonNode getInfo() {
        return lncli.json("getinfo");
    }

    public boolean syncedToChain() {
        return getInfo().path("synced_to_chain").asBoolean(false);
    }

    public String pubkey() {
        return getInfo().get("identity_pubkey").asText();
    }

    public String newAddress() {
        return lncli.json("newaddress", "p2wkh").get("address").asText();
    }

    public long confirmedOnChainSats() {
        return lncli.json("walletbalance").path("confirmed_balance").asLong();
    }

    public int activeChannels() {
        return getInfo().path("num_active_channels").asInt();
    }

    /**
     * True once this node's graph holds an edge with both directions' routing policies; only then does pathfinding
     * use a fresh channel (before, a payment fails with INSUFFICIENT_BALANCE even over a direct channel).
     */
    public boolean seesRoutableChannel() {
        for (JsonNode edge : lncli.json("describegraph").path("edges")) {
            if (edge.hasNonNull("node1_policy") && edge.hasNonNull("node2_policy")) {
                return true;
            }
        }
        return false;
    }

    public JsonNode channelBalance() {
        return lncli.json("channelbalance");
    }

    /** Connects to {@code peer}; being connected already counts as success. */
    public void connect(LndNode peer) {
        try {
            lncli.json("connect", peer.pubkey() + "@127.0.0.1:" + peer.p2pPort);
        } catch (dev.bursar.devnet.DevnetException e) {
            if (!e.getMessage().contains("already connected")) {
                throw e;
            }
        }
    }

    /** Opens a channel of {@code capacitySats} to {@code peer}, pushing {@code pushSats} to its side. */
    public String openChannel(LndNode peer, long capacitySats, long pushSats) {
        return lncli.json("openchannel", "--node_key=" + peer.pubkey(), "--local_amt=" + capacitySats,
                "--push_amt=" + pushSats).path("funding_txid").asText();
    }

    /** Creates an invoice for {@code sats} and returns its BOLT11 payment request. */
    public String addInvoice(long sats, String memo) {
        return lncli.json("addinvoice", "--amt=" + sats, "--memo=" + memo).get("payment_request").asText();
    }

    /** Pays {@code bolt11} through the router (SendPaymentV2) and returns lncli's final payment record. */
    public JsonNode payInvoice(String bolt11) {
        return lncli.json("payinvoice", "--force", "--json", "--timeout=60s", "--fee_limit=100", bolt11);
    }

    /** The state (OPEN, SETTLED, CANCELED, ACCEPTED) of the invoice with {@code paymentHashHex}. */
    public String invoiceState(String paymentHashHex) {
        return lncli.json("lookupinvoice", paymentHashHex).path("state").asText();
    }

    /** The invoice with {@code paymentHashHex} as lncli prints it (state, amt_paid_msat, r_preimage, ...). */
    public JsonNode lookupInvoice(String paymentHashHex) {
        return lncli.json("lookupinvoice", paymentHashHex);
    }

    /** Creates a hold invoice for {@code sats} locked to {@code paymentHashHex}; payments to it stay in flight until settled or canceled. */
    public String addHoldInvoice(String paymentHashHex, long sats) {
        return lncli.json("addholdinvoice", "--amt=" + sats, paymentHashHex).get("payment_request").asText();
    }

    /** Cancels the (hold) invoice with {@code paymentHashHex}, failing any payment held on it. */
    public void cancelInvoice(String paymentHashHex) {
        lncli.text("cancelinvoice", paymentHashHex);
    }

    /** This node's outgoing payments, including incomplete ones, as lncli prints them. */
    public JsonNode listPayments() {
        return lncli.json("listpayments", "--include_incomplete", "--max_payments=1000");
    }

    /**
     * Bakes a macaroon holding exactly {@code permissions} (such as {@code "offchain:read"}) into {@code saveTo} and
     * returns that path.
     */
    public Path bakeMacaroon(Path saveTo, String... permissions) {
        List<String> args = new java.util.ArrayList<>(List.of("bakemacaroon", "--save_to=" + saveTo));
        args.addAll(List.of(permissions));
        lncli.text(args.toArray(String[]::new));
        return saveTo;
    }

    public JsonNode decodePayReq(String bolt11) {
        return lncli.json("decodepayreq", bolt11);
    }

    public String alias() {
        return alias;
    }

    public String grpcHost() {
        return "127.0.0.1";
    }

    public int grpcPort() {
        return grpcPort;
    }

    public int restPort() {
        return restPort;
    }

    public int p2pPort() {
        return p2pPort;
    }

    public Path dir() {
        return dir;
    }

    public Path tlsCert() {
        return dir.resolve("tls.cert");
    }

    public Path macaroonDir() {
        return dir.resolve("data/chain/bitcoin/regtest");
    }

    public Path adminMacaroon() {
        return macaroonDir().resolve("admin.macaroon");
    }

    public Path invoiceMacaroon() {
        return macaroonDir().resolve("invoice.macaroon");
    }

    public Path readonlyMacaroon() {
        return macaroonDir().resolve("readonly.macaroon");
    }

    public ManagedProcess process() {
        return process;
    }
}
