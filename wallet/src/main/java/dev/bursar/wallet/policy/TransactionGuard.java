package dev.bursar.wallet.policy;

import dev.bursar.wallet.Quote;

/**
 * A check of where a payment goes, run by policy before anything is signed (contract-ranking implements it with a
 * safety score). It must never throw for "unknown": it answers WARN or BLOCK, and an exception counts as BLOCK.
 */
public interface TransactionGuard {

    /** Assesses the quoted payment; called only for quotes that talk to a contract or an EVM address. */
    GuardVerdict assess(Quote quote);
}
