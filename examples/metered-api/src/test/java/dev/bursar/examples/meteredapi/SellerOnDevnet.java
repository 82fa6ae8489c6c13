package dev.bursar.examples.meteredapi;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.devnet.x402.X402Facilitator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metered API's world on the devnet: anvil with the EIP-3009 token dUSDC, LND alice and bob, and a local x402
 * facilitator. The seller is bob (invoices from his node, an invoice-only macaroon) and dev account 8 (x402 payee);
 * {@link #config()} is the app's configuration for it.
 */
final class SellerOnDevnet implements AutoCloseable {

    /** The dev account the seller is paid to over x402. */
    static final int PAYEE_ACCOUNT = 8;
    /** The dev account the facilitator settles from (it pays the gas). */
    static final int FACILITATOR_ACCOUNT = 9;

    final Devnet devnet;
    final X402Facilitator facilitator;
    final Path dir;

    private SellerOnDevnet(Devnet devnet, X402Facilitator facilitator, Path dir) {
        this.devnet = devnet;
        this.facilitator = facilitator;
        this.dir = dir;
    }

    static SellerOnDevnet start() throws Exception {
        Devnet devnet = Devnet.builder().build().ensure(Component.EVM, Component.LIGHTNING);
        X402Facilitator facilitator = X402Facilitator.start(devnet, devnet.evm().accounts().get(FACILITATOR_ACCOUNT));
        return new SellerOnDevnet(devnet, facilitator, Files.createTempDirectory("bursar-metered-api-"));
    }

    /** The app's configuration: bob's LND with an invoice-only macaroon, dUSDC to account 8, the local facilitator. */
    Map<String, String> config() {
        LndNode bob = devnet.lightning().bob();
        Path macaroon = bob.bakeMacaroon(dir.resolve("seller.macaroon"), "info:read", "offchain:read", "invoices:read", "invoices:write");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metered-api.data-dir", dir.toString());
        config.put("metered-api.l402.lnd-host", bob.grpcHost());
        config.put("metered-api.l402.lnd-port", Integer.toString(bob.grpcPort()));
        config.put("metered-api.l402.lnd-tls-cert", bob.tlsCert().toString());
        config.put("metered-api.l402.lnd-macaroon", macaroon.toString());
        config.put("metered-api.x402.chain-id", Long.toString(devnet.evm().chainId()));
        config.put("metered-api.x402.asset", devnet.contracts().get("DevUsdc"));
        config.put("metered-api.x402.pay-to", devnet.evm().accounts().get(PAYEE_ACCOUNT).address());
        config.put("metered-api.x402.facilitator", facilitator.url().toString());
        return config;
    }

    @Override
    public void close() {
        facilitator.close();
        devnet.close();
    }
}
