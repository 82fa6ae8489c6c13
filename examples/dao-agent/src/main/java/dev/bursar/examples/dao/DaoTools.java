package dev.bursar.examples.dao;

import dev.bursar.tools.BursarTool;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.journal.EntryState;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The DAO agent's tools as a model (or an MCP client) sees them: {@code list_proposals}, {@code explain_proposal},
 * {@code vote_reasons} and, when the agent may vote, {@code cast_vote} (one proposal, or every open one) and
 * {@code delegate_votes}. The vote's direction is never an argument: the mandate decides it, in code.
 */
final class DaoTools {

    private final DaoAgent agent;
    private final Governance governance;
    private final Ballot ballot;
    private final boolean votes;

    DaoTools(DaoAgent agent, Governance governance, Ballot ballot, boolean votes) {
        this.agent = agent;
        this.governance = governance;
        this.ballot = ballot;
        this.votes = votes;
    }

    List<BursarTool> tools() {
        return tools0().stream().map(DaoTools::reportingGovernanceErrors).toList();
    }

    /** A governance error (no such proposal, voting closed, a node that does not answer) reaches the model as its message. */
    private static BursarTool reportingGovernanceErrors(BursarTool tool) {
        return BursarTool.of(tool.specification(), tool.permissions(), call -> {
            try {
                return tool.execute(call);
            } catch (GovernanceException e) {
                throw new InvalidInputException(e.getMessage());
            }
        });
    }

    private List<BursarTool> tools0() {
        List<BursarTool> tools = new ArrayList<>(List.of(
                BursarTool.of(spec("list_proposals", "List the DAO's proposals with their numbers, state, vote counts and how this"
                        + " agent voted. Moves no money.", NumberArg.NONE), Set.of(DaoPlugin.READ), call -> list()),
                BursarTool.of(spec("explain_proposal", "Explain DAO proposal NUMBER: its calls decoded, what it would do (simulated on"
                        + " a fork of the chain), each target's safety score and what the DAO's mandate allows. Moves no money.", NumberArg.REQUIRED),
                        Set.of(DaoPlugin.READ), call -> explain(number(call))),
                BursarTool.of(spec("vote_reasons", "Why this agent voted as it did on DAO proposal NUMBER: its vote, its reasoning and"
                        + " the simulation evidence. Moves no money.", NumberArg.REQUIRED), Set.of(DaoPlugin.READ), call -> reasons(number(call)))));
        if (votes) {
            tools.add(BursarTool.of(spec("cast_vote", "Vote on DAO proposal NUMBER (or, with no number, on every open proposal) as the"
                    + " DAO's mandate decides, with the reasoning stored on chain.", NumberArg.OPTIONAL), Set.of(DaoPlugin.READ, Permission.WALLET_DUTY),
                    this::vote));
            tools.add(BursarTool.of(spec("delegate_votes", "Delegate this agent's governance tokens to itself so that they count as"
                    + " votes (needed once, before a proposal is made).", NumberArg.NONE), Set.of(Permission.WALLET_DUTY), call -> delegate()));
        }
        return tools;
    }

    /** Whether a tool takes a proposal's number. */
    private enum NumberArg { NONE, OPTIONAL, REQUIRED }

    private static ToolSpecification spec(String name, String description, NumberArg number) {
        JsonObjectSchema.Builder params = JsonObjectSchema.builder().additionalProperties(false);
        if (number != NumberArg.NONE) {
            params.addIntegerProperty("number", "the proposal's number as list_proposals shows it (1, 2, 3...)");
        }
        if (number == NumberArg.REQUIRED) {
            params.required("number");
        }
        return ToolSpecification.builder().name(name).description(description).parameters(params.build()).build();
    }

    private static int number(ToolCall call) {
        var n = call.arguments().get("number");
        if (n == null || !n.canConvertToInt() || n.asInt() < 1) {
            throw new InvalidInputException("number must be a proposal's number (1, 2, 3...) as list_proposals shows it");
        }
        return n.asInt();
    }

    private String list() {
        List<Proposal> proposals = governance.proposals();
        if (proposals.isEmpty()) {
            return "The DAO has no proposals yet.";
        }
        return proposals.stream().map(p -> {
            Tally t = governance.tally(p.id());
            String mine = agent.explain(p.number()).map(v -> v.held() ? "; this agent's vote " + v.choice() + " waits for approval"
                    : "; this agent voted " + v.choice()).orElse(governance.hasVoted(p.id(), ballot.account()) ? "; this agent voted" : "");
            return "#" + p.number() + " " + p.title() + ": " + governance.state(p.id()).name().toLowerCase(Locale.ROOT) + ", for "
                    + t.forVotes() + " / against " + t.against() + " / abstain " + t.abstain() + " (voting blocks " + p.voteStart()
                    + "-" + p.voteEnd() + ")" + mine;
        }).collect(Collectors.joining("\n"));
    }

    private String explain(int number) {
        Proposal p = proposal(number);
        DaoAgent.Review review = agent.review(p);
        StringBuilder out = new StringBuilder("Proposal #" + number + " \"" + p.title() + "\" is "
                + review.state().name().toLowerCase(Locale.ROOT) + ".\nCalls:\n");
        review.calls().forEach(c -> out.append("- ").append(c).append('\n'));
        out.append(review.effects().failure().map(f -> "Simulation failed: " + f + "\n").orElse("What it would do (simulated on a fork):\n"));
        review.effects().effects().forEach(e -> out.append("- ").append(e).append('\n'));
        out.append("The mandate allows: ").append(review.verdict().allowed().stream().map(Enum::name).sorted().collect(Collectors.joining(", ")))
                .append(" (").append(String.join("; ", review.verdict().reasons())).append(").");
        return out.toString();
    }

    private String reasons(int number) {
        Proposal p = proposal(number);
        return agent.explain(number).map(this::describe).orElse("This agent has not voted on proposal #" + number + " (\"" + p.title()
                + "\").");
    }

    private String vote(ToolCall call) {
        if (call.arguments().has("number") && !call.arguments().get("number").isNull()) {
            return describe(agent.voteOn(number(call)));
        }
        DaoAgent.VoteRound round = agent.voteRound();
        if (round.cast().isEmpty() && round.failures().isEmpty()) {
            return "No open proposal is waiting for this agent's vote.";
        }
        List<String> parts = new ArrayList<>(round.cast().stream().map(this::describe).toList());
        round.failures().forEach(f -> parts.add("Not voted: " + f));
        return String.join("\n\n", parts);
    }

    private String delegate() {
        return switch (agent.delegateToSelf()) {
            case Ballot.Cast.Sent s -> "Delegated this agent's votes to itself in transaction " + s.txHash() + ".";
            case Ballot.Cast.Held h -> "The delegation waits for a person's approval (journal entry " + h.entryId() + ").";
        };
    }

    private String describe(VoteRecord v) {
        String outcome;
        if (!v.held()) {
            outcome = "Voted " + v.choice() + " on #" + v.number() + " in transaction " + v.txHash();
        } else {
            EntryState state = ballot.voteState(v.proposalId())
                    .orElse(governance.hasVoted(v.proposalId(), ballot.account()) ? EntryState.SUCCEEDED : EntryState.AWAITING_APPROVAL);
            outcome = switch (state) {
                case SUCCEEDED -> "Voted " + v.choice() + " on #" + v.number() + " once a person approved it (journal entry " + v.heldAs() + ")";
                case AWAITING_APPROVAL -> "Vote " + v.choice() + " on #" + v.number() + " waits for a person's approval (journal entry "
                        + v.heldAs() + ")";
                case AUTHORIZED, PREPARED -> "Vote " + v.choice() + " on #" + v.number() + " was approved and is being sent (journal entry "
                        + v.heldAs() + ")";
                default -> "Did not vote " + v.choice() + " on #" + v.number() + ": the vote held for approval ended "
                        + state.name().toLowerCase(Locale.ROOT) + " (journal entry " + v.heldAs() + ")";
            };
        }
        return outcome + " (\"" + v.title() + "\").\nReason: " + v.reason() + "\nEvidence:\n"
                + v.evidence().stream().map(e -> "- " + e).collect(Collectors.joining("\n"));
    }

    private Proposal proposal(int number) {
        return governance.proposal(number).orElseThrow(() -> new InvalidInputException("there is no proposal #" + number + "; the DAO has "
                + governance.proposals().size()));
    }
}
