package dev.bursar.examples.dao;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MandateTest {

    private final Mandate mandate = new Mandate("at most 5% of the treasury; no ownership changes, unlimited allowances or upgrades",
            500, true, true, true);

    private static ProposalEffects effects(long bps, boolean ownership, boolean unlimited, boolean upgraded) {
        return new ProposalEffects(List.of("measured"), bps, ownership, unlimited, upgraded, Optional.empty());
    }

    @Test
    void withinTheLimitsEveryVoteIsAllowedAndTheReasoningDecides() {
        assertThat(mandate.check(effects(500, false, false, false)).allowed()).containsExactlyInAnyOrder(VoteChoice.values());
    }

    @Test
    void eachBrokenLimitLeavesOnlyAgainstAndSaysWhy() {
        Mandate.Verdict v = mandate.check(effects(501, true, true, true));
        assertThat(v.allowed()).isEqualTo(Set.of(VoteChoice.AGAINST));
        assertThat(v.reasons()).hasSize(4).anyMatch(r -> r.contains("5.01%") && r.contains("at most 5%"))
                .anyMatch(r -> r.contains("ownership")).anyMatch(r -> r.contains("unlimited allowance")).anyMatch(r -> r.contains("upgrades"));
        Mandate lenient = new Mandate("anything goes", 10_000, false, false, false);
        assertThat(lenient.check(effects(10_000, true, true, true)).allowed()).hasSize(3);
    }

    @Test
    void aTargetTheSafetyRankingBlocksLeavesOnlyAgainst() {
        ProposalEffects effects = effects(0, false, false, false).withTargetReports(
                List.of("target 0xabc has a safety score of 12 (BLOCK)"), List.of("0xabc"));
        Mandate.Verdict v = new Mandate("anything goes", 10_000, false, false, false).check(effects);
        assertThat(v.allowed()).containsExactly(VoteChoice.AGAINST);
        assertThat(v.reasons()).singleElement().asString().contains("0xabc").contains("safety ranking blocks");
        assertThat(effects.effects()).contains("target 0xabc has a safety score of 12 (BLOCK)");
    }

    @Test
    void aFailedSimulationLeavesOnlyAbstain() {
        Mandate.Verdict v = mandate.check(ProposalEffects.failed("call 1 to 0xabc reverted"));
        assertThat(v.allowed()).containsExactly(VoteChoice.ABSTAIN);
        assertThat(v.reasons().get(0)).contains("call 1 to 0xabc reverted");
    }

    @Test
    void aShareOutsideZeroToOneHundredPercentIsRefused() {
        assertThatThrownBy(() -> new Mandate("x", 10_001, true, true, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basis points");
    }
}
