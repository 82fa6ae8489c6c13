package dev.bursar.ranking;

import java.util.List;

/**
 * The scoring model (notes A4, weights in {@link FindingCode}): safety starts at 100 and loses each finding's penalty
 * (measured tax at most 30, unknown checks at most 15 together); usage raises it by at most 10 %, never fixing a
 * problem; a hard fail is BLOCK with at most 10; under 50 is BLOCK, under 75 WARN; a report less than 75 % sure is at
 * most WARN.
 */
public final class Scoring {

    public static final int ALLOW_AT = 75;
    public static final int WARN_AT = 50;
    public static final double MIN_CONFIDENCE_FOR_ALLOW = 0.75;
    static final int UNKNOWN_CAP = 15;

    private Scoring() {
    }

    /** Score and verdict for {@code findings}, given usage and the share of checks that had a definite answer. */
    public static Result score(List<Finding> findings, Usage usage, double confidence) {
        int safety = 100;
        int unknown = 0;
        boolean hardFail = false;
        for (Finding f : findings) {
            if (f.code().hardFail()) {
                hardFail = true;
            }
            if (f.code() == FindingCode.UNKNOWN_CHECK) {
                unknown += f.penalty();
            } else {
                safety -= f.penalty();
            }
        }
        safety -= Math.min(UNKNOWN_CAP, unknown);
        safety = Math.max(0, safety);
        double adoption = usage == null ? 0 : usage.adoption();
        int score = (int) Math.round(Math.min(100, safety * (0.9 + 0.1 * adoption)));
        Verdict verdict;
        if (hardFail) {
            score = Math.min(score, 10);
            verdict = Verdict.BLOCK;
        } else if (score < WARN_AT) {
            verdict = Verdict.BLOCK;
        } else if (score < ALLOW_AT || confidence < MIN_CONFIDENCE_FOR_ALLOW) {
            verdict = Verdict.WARN;
        } else {
            verdict = Verdict.ALLOW;
        }
        return new Result(score, verdict);
    }

    public record Result(int score, Verdict verdict) {
    }
}
