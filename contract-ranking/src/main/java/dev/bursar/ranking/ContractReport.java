package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The safety report on one contract at one block: a 0-100 score, a verdict, how sure it is, and the findings behind it.
 *
 * @param confidence      checks with a definite answer / checks attempted, in [0,1]
 * @param implementations the code that actually runs behind {@code address} (proxy implementations, diamond facets,
 *                        clone target, 7702 delegate); empty when the address runs its own code
 * @param codeHash        keccak256 of the code at {@code address} (0x when there is none)
 */
public record ContractReport(long chainId, EvmAddress address, int score, Verdict verdict, double confidence,
                             List<Finding> findings, List<EvmAddress> implementations, long blockNumber,
                             String codeHash, Usage usage) {

    public ContractReport {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be 0..100, got " + score);
        }
        findings = List.copyOf(findings);
        implementations = List.copyOf(implementations);
    }

    public boolean has(FindingCode code) {
        return findings.stream().anyMatch(f -> f.code() == code);
    }

    /** The findings that cost points, worst first (then the informational ones). */
    public List<Finding> topFindings(int limit) {
        return findings.stream()
                .sorted(Comparator.comparingInt(Finding::penalty).reversed()
                        .thenComparing(Comparator.comparing(Finding::severity).reversed()))
                .limit(limit)
                .toList();
    }

    /** One line for journals and approval prompts: score, verdict and the top findings. */
    public String summary() {
        String top = topFindings(3).stream().filter(f -> f.penalty() > 0 || f.severity().compareTo(Severity.INFO) > 0)
                .map(f -> f.code() + " (" + f.evidence() + ")").collect(Collectors.joining("; "));
        return "contract " + address + " on chain " + chainId + ": score " + score + "/100, " + verdict
                + String.format(", confidence %.2f", confidence) + (top.isEmpty() ? "" : "; " + top);
    }
}
