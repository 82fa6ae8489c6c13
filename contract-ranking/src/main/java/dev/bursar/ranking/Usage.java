package dev.bursar.ranking;

import java.util.OptionalLong;

/**
 * How much a contract is used, each metric with where it came from and how sure it is. Empty means unknown, which
 * adds nothing to a score.
 */
public record Usage(OptionalLong ageSeconds, OptionalLong txCount, OptionalLong uniqueSenders, String source, double confidence) {

    public static Usage unknown(String why) {
        return new Usage(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), why, 0.0);
    }

    /** Adoption in [0,1]: 0.5 transactions + 0.3 age + 0.2 unique senders, each saturating (notes A4). */
    public double adoption() {
        double tx = txCount.isPresent() ? Math.min(1, Math.log10(1 + txCount.getAsLong()) / 5) : 0;
        double age = ageSeconds.isPresent() ? Math.min(1, ageSeconds.getAsLong() / (365.0 * 86400)) : 0;
        double users = uniqueSenders.isPresent() ? Math.min(1, Math.log10(1 + uniqueSenders.getAsLong()) / 4) : 0;
        return 0.5 * tx + 0.3 * age + 0.2 * users;
    }
}
