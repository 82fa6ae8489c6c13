package dev.bursar.examples.meteredapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the seller configures: where it keeps its L402 root keys, the price of one call on each rail, its LND node
 * (an invoice-only macaroon is enough) and its x402 token, payee and facilitator.
 */
@ConfigMapping(prefix = "metered-api")
public interface MeteredApiConfig {

    /** Where the L402 root keys are kept (one file, owner-only). */
    Path dataDir();

    L402 l402();

    X402 x402();

    /** Selling over Lightning. */
    interface L402 {
        /** The price of one call in sat. */
        long priceSats();

        /** How long a bought token opens the API. */
        @WithDefault("PT1H")
        Duration validity();

        String lndHost();

        int lndPort();

        Path lndTlsCert();

        /** A macaroon with {@code invoices:read invoices:write info:read offchain:read}; no spending rights needed. */
        Path lndMacaroon();

        @WithDefault("regtest")
        String network();

        /** How long an invoice can be paid. */
        @WithDefault("PT10M")
        Duration invoiceExpiry();
    }

    /** Selling over x402's exact scheme on an EVM chain. */
    interface X402 {
        /** The price of one call in the token's base units (10000 = 0.01 of a 6-decimal token). */
        String priceUnits();

        long chainId();

        /** The EIP-3009 token's address. */
        String asset();

        /** The token's EIP-712 domain name, as its contract states it. */
        String tokenName();

        /** The token's EIP-712 domain version. */
        String tokenVersion();

        /** Who is paid. */
        String payTo();

        /** The facilitator that verifies and settles payments; there is no default on purpose. */
        URI facilitator();

        @WithDefault("60")
        long maxTimeoutSeconds();
    }
}
