package dev.bursar.runtime.demo;

import dev.bursar.wallet.lightning.LndConnection;
import org.lightningj.lnd.wrapper.message.BakeMacaroonRequest;
import org.lightningj.lnd.wrapper.message.MacaroonPermission;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Bakes the demo agent's LND macaroon: it allows exactly the RPCs that {@link dev.bursar.wallet.lightning.LightningWallet}
 * makes for the agent's tools, by method URI, and nothing else. The node's admin macaroon is used once, to bake, and
 * never given to the agent: with it the agent could open and close channels, send coins on chain, make addresses,
 * change routing fees, delete payment history or bake itself more rights.
 */
public final class DemoMacaroon {

    /**
     * The RPC each wallet tool needs: node identity and network check (GetInfo); balances (ChannelBalance,
     * WalletBalance, ListChannels for what the channels can send); receiving (AddInvoice); paying (DecodePayReq,
     * SendPaymentV2) and following a payment to its end or after a restart (TrackPaymentV2).
     */
    public static final List<String> AGENT_RPCS = List.of(
            "/lnrpc.Lightning/GetInfo",
            "/lnrpc.Lightning/ChannelBalance",
            "/lnrpc.Lightning/WalletBalance",
            "/lnrpc.Lightning/ListChannels",
            "/lnrpc.Lightning/AddInvoice",
            "/lnrpc.Lightning/DecodePayReq",
            "/routerrpc.Router/SendPaymentV2",
            "/routerrpc.Router/TrackPaymentV2");

    private DemoMacaroon() {
    }

    /**
     * Asks the node at {@code host:port} (through {@code adminMacaroon}, which may bake macaroons) for a macaroon
     * limited to {@link #AGENT_RPCS} and writes it to {@code saveTo}, readable by its owner only (0600), replacing any
     * earlier one.
     */
    public static Path bake(String host, int port, Path tlsCert, Path adminMacaroon, Path saveTo) {
        List<MacaroonPermission> permissions = AGENT_RPCS.stream().map(uri -> {
            MacaroonPermission p = new MacaroonPermission();
            p.setEntity("uri");
            p.setAction(uri);
            return p;
        }).toList();
        BakeMacaroonRequest request = new BakeMacaroonRequest();
        request.setPermissions(permissions);
        String hex;
        try (LndConnection admin = LndConnection.builder().host(host).port(port).tlsCert(tlsCert).macaroon(adminMacaroon)
                .callTimeout(Duration.ofSeconds(30)).build()) {
            hex = admin.lightning().bakeMacaroon(request).getMacaroon();
        } catch (Exception e) {
            // The exception names the node and the RPC; its message never holds a macaroon.
            throw new IllegalStateException("LND at " + host + ":" + port + " did not bake the demo agent's macaroon: "
                    + e.getMessage(), e);
        }
        write(saveTo, HexFormat.of().parseHex(hex));
        return saveTo;
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo agent's macaroon to " + file, e);
        }
    }
}
