package dev.bursar.examples.dao;

import dev.bursar.wallet.value.EvmAddress;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The owner's limit on the voting weight the agent may use alone: a vote cast with more votes than {@code threshold}
 * (whole tokens, as people count them) waits for a person's approval. The weight is read on chain at the proposal's
 * snapshot, as the Governor counts it.
 */
public final class WeightApproval {

    private final Governance governance;
    private final BigInteger thresholdUnits;
    private final BigDecimal threshold;

    /** @param threshold the most votes, in whole tokens, the agent casts without a person */
    public WeightApproval(Governance governance, BigDecimal threshold) {
        if (threshold.signum() < 0) {
            throw new GovernanceException("a voting-weight approval threshold cannot be negative: " + threshold);
        }
        this.governance = governance;
        this.threshold = threshold;
        this.thresholdUnits = threshold.movePointRight(governance.tokenDecimals()).toBigInteger();
    }

    /** Why a person must approve {@code account}'s vote on {@code proposalId}, or empty when its weight is within the limit. */
    public Optional<String> askPerson(EvmAddress account, BigInteger proposalId) {
        BigInteger weight = governance.weight(account, governance.snapshot(proposalId));
        if (weight.compareTo(thresholdUnits) <= 0) {
            return Optional.empty();
        }
        BigDecimal votes = new BigDecimal(weight).movePointLeft(governance.tokenDecimals()).stripTrailingZeros();
        return Optional.of("this vote carries " + votes.toPlainString() + " votes, above the " + threshold.toPlainString()
                + " the owner lets the agent cast without a person");
    }
}
