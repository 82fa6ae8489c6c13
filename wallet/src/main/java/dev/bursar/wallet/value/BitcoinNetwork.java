package dev.bursar.wallet.value;

import dev.bursar.wallet.InvalidInputException;

import java.util.Locale;

/**
 * The Bitcoin network a Lightning node or invoice belongs to, with its BOLT11 human-readable prefix.
 */
public enum BitcoinNetwork {
    MAINNET("lnbc"),
    TESTNET("lntb"),
    SIGNET("lntbs"),
    REGTEST("lnbcrt"),
    SIMNET("lnsb");

    private final String invoicePrefix;

    BitcoinNetwork(String invoicePrefix) {
        this.invoicePrefix = invoicePrefix;
    }

    public String invoicePrefix() {
        return invoicePrefix;
    }

    /** The network of a BOLT11 invoice, from its prefix (longest match first: lnbcrt before lnbc). */
    public static BitcoinNetwork ofInvoice(String bolt11) {
        String lower = bolt11.toLowerCase(Locale.ROOT);
        BitcoinNetwork best = null;
        for (BitcoinNetwork n : values()) {
            if (lower.startsWith(n.invoicePrefix) && (best == null || n.invoicePrefix.length() > best.invoicePrefix.length())) {
                best = n;
            }
        }
        if (best == null) {
            throw new InvalidInputException("not a BOLT11 invoice: it must start with lnbc, lntb, lntbs or lnbcrt");
        }
        return best;
    }

    /** Parses lnd's names ("mainnet", "regtest", ...). */
    public static BitcoinNetwork of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unknown Bitcoin network '" + name + "' (use mainnet, testnet, signet, regtest or simnet)");
        }
    }
}
