package dev.bursar.wallet.policy;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;

import java.time.Instant;

/**
 * What an agent has already committed to spend, as the journal knows it: the input of rolling budgets and rate limits.
 * Payments allowed or approved count from the moment they are decided until they are known to have failed.
 */
public interface SpendHistory {

    /** The sum of amounts of {@code asset} committed by {@code agentId} at or after {@code since}. */
    Amount committedSince(String agentId, Asset asset, Instant since);

    /** The sum of amounts of {@code asset} committed by {@code agentId} at or after {@code since} to buy API access from {@code service} (a host). */
    Amount committedToServiceSince(String agentId, String service, Asset asset, Instant since);

    /** How many payments {@code agentId} has had allowed or approved at or after {@code since}. */
    int paymentsSince(String agentId, Instant since);
}
