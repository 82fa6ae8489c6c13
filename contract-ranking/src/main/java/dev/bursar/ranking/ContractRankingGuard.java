package dev.bursar.ranking;

import dev.bursar.wallet.Quote;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.policy.GuardVerdict;
import dev.bursar.wallet.policy.TransactionGuard;

import java.util.Optional;

/**
 * The wallet's {@link TransactionGuard} backed by contract reports: a score under the agent's block threshold (or a
 * report verdict of BLOCK) blocks, under the warn threshold (or a report WARN) asks a person (the wallet turns WARN
 * into NEEDS_APPROVAL), else allows. The summary carries the score and the top findings into the journal. A node or
 * scan failure blocks with the reason: an unknown contract is never allowed.
 */
public final class ContractRankingGuard implements TransactionGuard {

    private final ContractRanking ranking;
    private final int blockBelow;
    private final int warnBelow;

    public ContractRankingGuard(ContractRanking ranking, int blockBelow, int warnBelow) {
        if (blockBelow < 0 || warnBelow > 101 || blockBelow > warnBelow) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= blockBelow <= warnBelow <= 101, got "
                    + blockBelow + " and " + warnBelow);
        }
        this.ranking = ranking;
        this.blockBelow = blockBelow;
        this.warnBelow = warnBelow;
    }

    public ContractRankingGuard(ContractRanking ranking) {
        this(ranking, Scoring.WARN_AT, Scoring.ALLOW_AT);
    }

    @Override
    public GuardVerdict assess(Quote quote) {
        try {
            Optional<String> contract = quote.contract();
            EvmAddress target = EvmAddress.of(contract.orElse(quote.recipient()));
            ContractReport report = ranking.reportForIntent(target);
            if (contract.isEmpty() && report.has(FindingCode.NO_CODE_AT_TARGET) && report.findings().size() == 1) {
                return GuardVerdict.allow("recipient " + target + " is an externally owned account: no contract to score");
            }
            String summary = report.summary();
            if (report.verdict() == Verdict.BLOCK || report.score() < blockBelow) {
                return GuardVerdict.block(summary);
            }
            if (report.verdict() == Verdict.WARN || report.score() < warnBelow) {
                return GuardVerdict.warn(summary);
            }
            return GuardVerdict.allow(summary);
        } catch (RuntimeException e) {
            return GuardVerdict.block("the contract could not be scored (" + e.getMessage() + "); an unknown contract is never allowed");
        }
    }
}
