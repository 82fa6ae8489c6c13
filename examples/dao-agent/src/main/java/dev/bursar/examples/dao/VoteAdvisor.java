package dev.bursar.examples.dao;

/**
 * Chooses a vote within what the mandate allows and writes the reasoning people will read. A model-backed advisor
 * writes better prose; whatever it returns, {@link DaoAgent} refuses a choice the structured mandate does not allow.
 */
public interface VoteAdvisor {

    /** A choice and its reasoning. */
    record Advice(VoteChoice choice, String reason) {
    }

    Advice advise(Proposal proposal, ProposalEffects effects, Mandate mandate, Mandate.Verdict verdict);

    /**
     * The rule-based advisor: the only allowed vote when the mandate leaves one, FOR otherwise; the reasoning names the
     * mandate's findings and what the simulation showed.
     */
    static VoteAdvisor rules() {
        return (proposal, effects, mandate, verdict) -> {
            VoteChoice choice = verdict.allowed().size() == 1 ? verdict.allowed().iterator().next() : VoteChoice.FOR;
            String reason = switch (choice) {
                case FOR -> "For: " + String.join("; ", verdict.reasons()) + ". Simulated as the Governor: "
                        + String.join("; ", effects.effects()) + ".";
                case AGAINST -> "Against: " + String.join("; ", verdict.reasons()) + ". Simulated as the Governor: "
                        + String.join("; ", effects.effects()) + ".";
                case ABSTAIN -> "Abstain: " + String.join("; ", verdict.reasons()) + ".";
            };
            return new Advice(choice, reason);
        };
    }
}
