package dev.bursar.ranking;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringTest {

    private static final Usage NONE = Usage.unknown("test");

    @Test
    void cleanContractIsAllowed() {
        assertThat(Scoring.score(List.of(), NONE, 1.0)).isEqualTo(new Scoring.Result(90, Verdict.ALLOW));
    }

    @Test
    void hardFailBlocksWhateverTheRest() {
        Scoring.Result r = Scoring.score(List.of(Finding.of(FindingCode.HONEYPOT_SELL_REVERTS, "x", "simulation")), heavyUsage(), 1.0);
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.score()).isLessThanOrEqualTo(10);
    }

    @Test
    void usageCannotFixAProblem() {
        List<Finding> mint = List.of(Finding.of(FindingCode.OWNER_MINT, "x", "probe"));
        Scoring.Result fresh = Scoring.score(mint, NONE, 1.0);
        Scoring.Result popular = Scoring.score(mint, heavyUsage(), 1.0);
        assertThat(popular.score()).isGreaterThan(fresh.score()).isLessThanOrEqualTo(70);
        assertThat(popular.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void unknownChecksCostPointsButAreCapped() {
        List<Finding> unknowns = java.util.Collections.nCopies(10, Finding.of(FindingCode.UNKNOWN_CHECK, "x", "node"));
        assertThat(Scoring.score(unknowns, NONE, 1.0).score()).isEqualTo(Math.round(85 * 0.9f));
    }

    @Test
    void lowConfidenceIsNeverAllow() {
        assertThat(Scoring.score(List.of(), NONE, 0.5).verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void thresholds() {
        assertThat(Scoring.score(List.of(Finding.of(FindingCode.OWNER_MINT, "", ""), Finding.of(FindingCode.BLACKLIST, "", "")), NONE, 1)
                .verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(Scoring.score(List.of(Finding.of(FindingCode.COOLDOWN, "", "")), NONE, 1).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void measuredTaxPenaltyIsCappedAtThirty() {
        Finding tax = new Finding(FindingCode.TAX_MEASURED, Severity.MEDIUM, "sell 40 %", "simulation", 30);
        assertThat(Scoring.score(List.of(tax), NONE, 1).score()).isEqualTo(63);
    }

    private static Usage heavyUsage() {
        return new Usage(OptionalLong.of(3L * 365 * 86400), OptionalLong.of(1_000_000), OptionalLong.of(100_000), "test", 1);
    }
}
