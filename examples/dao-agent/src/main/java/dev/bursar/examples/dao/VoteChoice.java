package dev.bursar.examples.dao;

/** A vote as {@code GovernorCountingSimple} counts it: its {@code support} value on chain. */
public enum VoteChoice {
    AGAINST(0), FOR(1), ABSTAIN(2);

    private final int support;

    VoteChoice(int support) {
        this.support = support;
    }

    public int support() {
        return support;
    }
}
