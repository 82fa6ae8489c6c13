package dev.bursar.examples.dao;

import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.ContractReport;
import dev.bursar.ranking.Verdict;
import dev.bursar.wallet.value.EvmAddress;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A DAO governance agent: for each active proposal it has not voted on, it simulates what the proposal would do and
 * (given the chain's contract ranking) gets a safety report on every contract it calls, checks that against the mandate (structured limits in code), lets its advisor choose within what the mandate allows
 * and write the reasoning, refuses a choice the mandate does not allow, votes through the guarded wallet and records
 * the vote with its evidence. {@link #explain} answers "why did you vote against 3?".
 */
public final class DaoAgent {

    private final Governance governance;
    private final ProposalSimulator simulator;
    private final Mandate mandate;
    private final VoteAdvisor advisor;
    private final Ballot voter;
    private final VoteJournal journal;
    private final Clock clock;
    private final Optional<ContractRanking> ranking;

    public DaoAgent(Governance governance, ProposalSimulator simulator, Mandate mandate, VoteAdvisor advisor, Ballot voter,
                    VoteJournal journal, Clock clock) {
        this(governance, simulator, mandate, advisor, voter, journal, clock, Optional.empty());
    }

    /** @param ranking the chain's contract safety ranking: every target of a proposal gets a report before the vote */
    public DaoAgent(Governance governance, ProposalSimulator simulator, Mandate mandate, VoteAdvisor advisor, Ballot voter,
                    VoteJournal journal, Clock clock, Optional<ContractRanking> ranking) {
        this.ranking = ranking;
        this.governance = governance;
        this.simulator = simulator;
        this.mandate = mandate;
        this.advisor = advisor;
        this.voter = voter;
        this.journal = journal;
        this.clock = clock;
    }

    /** A proposal's calls as they read, what it would do (measured) and what the mandate allows, without voting. */
    public record Review(Proposal proposal, ProposalState state, List<String> calls, ProposalEffects effects, Mandate.Verdict verdict) {
    }

    public Review review(Proposal p) {
        ProposalEffects effects = simulator.simulate(p);
        if (ranking.isPresent() && effects.failure().isEmpty()) {
            List<String> reports = new ArrayList<>();
            List<String> blocked = new ArrayList<>();
            for (EvmAddress target : new java.util.LinkedHashSet<>(p.targets())) {
                ContractReport report = ranking.get().report(target);
                reports.add("target " + target.value() + " has a safety score of " + report.score() + " (" + report.verdict() + ")");
                if (report.verdict() == Verdict.BLOCK) {
                    blocked.add(target.value());
                }
            }
            effects = effects.withTargetReports(reports, blocked);
        }
        return new Review(p, governance.state(p.id()), new CallDecoder().describe(p), effects, mandate.check(effects));
    }

    /** One round of voting: the votes cast (those held for a person's approval included) and, per proposal, what failed. */
    public record VoteRound(List<VoteRecord> cast, List<String> failures) {
        public VoteRound {
            cast = List.copyOf(cast);
            failures = List.copyOf(failures);
        }
    }

    /**
     * Votes on every active proposal the agent has not voted on (or put a vote up for approval on) yet. A proposal whose
     * vote fails (the mandate refuses the advisor's choice, the policy refuses the transaction) does not stop the others.
     * A vote the guarded wallet refused once is not tried again: its journal entry says why.
     */
    public synchronized VoteRound voteRound() {
        List<VoteRecord> cast = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Proposal p : governance.proposals()) {
            if (!open(p)) {
                continue;
            }
            Optional<dev.bursar.wallet.journal.EntryState> earlier = voter.voteState(p.id());
            if (earlier.isPresent()) {
                failures.add("proposal " + p.number() + ": its vote was proposed before and ended " + earlier.get().name()
                        .toLowerCase(java.util.Locale.ROOT) + "; it is not tried again");
                continue;
            }
            try {
                cast.add(vote(p));
            } catch (GovernanceException | dev.bursar.wallet.WalletException | dev.bursar.registry.RegistryException e) {
                failures.add("proposal " + p.number() + ": " + e.getMessage());
            }
        }
        return new VoteRound(cast, failures);
    }

    /**
     * As {@link #voteRound}, for callers that want an exception: returns the votes cast, or throws (after voting on every
     * other open proposal) naming each proposal whose vote failed.
     */
    public synchronized List<VoteRecord> voteOnOpenProposals() {
        VoteRound round = voteRound();
        if (!round.failures().isEmpty()) {
            throw new GovernanceException(String.join("; ", round.failures()) + (round.cast().isEmpty() ? ""
                    : " (votes cast on " + round.cast().stream().map(v -> "#" + v.number()).toList() + ")"));
        }
        return round.cast();
    }

    /**
     * Votes on proposal {@code number} now, by the mandate, as {@link #voteOnOpenProposals} would.
     *
     * @throws GovernanceException when there is no such proposal, it is not open for voting, or the agent voted on it
     */
    public synchronized VoteRecord voteOn(int number) {
        Proposal p = governance.proposal(number).orElseThrow(() -> new GovernanceException("there is no proposal " + number
                + "; the Governor has " + governance.proposals().size()));
        if (!open(p)) {
            ProposalState state = governance.state(p.id());
            throw new GovernanceException(state != ProposalState.ACTIVE
                    ? "proposal " + number + " is " + state.name().toLowerCase(java.util.Locale.ROOT) + ", not open for voting"
                    : "the agent already voted on proposal " + number + explain(number).map(v -> " (" + v.choice()
                            + (v.held() ? ", held for approval" : "") + ")").orElse(""));
        }
        Optional<dev.bursar.wallet.journal.EntryState> earlier = voter.voteState(p.id());
        if (earlier.isPresent()) {
            throw new GovernanceException("the agent's vote on proposal " + number + " was proposed before and ended "
                    + earlier.get().name().toLowerCase(java.util.Locale.ROOT) + "; it is not tried again");
        }
        return vote(p);
    }

    private boolean open(Proposal p) {
        return governance.state(p.id()) == ProposalState.ACTIVE && !governance.hasVoted(p.id(), voter.account())
                && journal.onProposal(p.id()).isEmpty();
    }

    private VoteRecord vote(Proposal p) {
        Review review = review(p);
        VoteAdvisor.Advice advice = advisor.advise(p, review.effects(), mandate, review.verdict());
        if (!review.verdict().allowed().contains(advice.choice())) {
            throw new GovernanceException("the advisor chose " + advice.choice() + " on proposal " + p.number() + ", which the mandate"
                    + " does not allow (" + String.join("; ", review.verdict().reasons()) + "); no vote was cast");
        }
        String reason = advice.reason().length() > 2_000 ? advice.reason().substring(0, 2_000) : advice.reason();
        Ballot.Cast tx = voter.vote(p.id(), advice.choice(), reason);
        VoteRecord record = switch (tx) {
            case Ballot.Cast.Sent sent -> new VoteRecord(p.number(), p.id(), p.title(), advice.choice(), reason,
                    review.effects().effects(), sent.txHash(), clock.instant(), null);
            case Ballot.Cast.Held held -> new VoteRecord(p.number(), p.id(), p.title(), advice.choice(), reason,
                    review.effects().effects(), null, clock.instant(), held.entryId());
        };
        journal.add(record);
        return record;
    }

    /** Delegates the agent's tokens to itself, so they count as its votes on proposals made from the next block on. */
    public Ballot.Cast delegateToSelf() {
        return voter.delegateToSelf();
    }

    /** The agent's vote on proposal {@code number} of this Governor, with its reasoning and evidence. */
    public Optional<VoteRecord> explain(int number) {
        return governance.proposal(number).flatMap(p -> journal.onProposal(p.id()));
    }
}
