package dev.bursar.wallet.binding;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.value.EvmAddress;

/**
 * What a proposed payment may be grounded in, as the code that hosts the agent knows it (never as the model says):
 * the user's own words in the conversation, a paid fetch of a host the user asked for, a job the user asked another
 * agent to do within a budget the user wrote, or nothing.
 */
public sealed interface Grounding {

    /** The user's messages in this conversation and the owner's address book. */
    record Conversation(UserWords words) implements Grounding {
        public Conversation {
            if (words == null) {
                throw new IllegalArgumentException("a conversation grounding needs the user's words");
            }
        }
    }

    /**
     * An API purchase by the paying HTTP client for {@code host}, which the tools layer checked the user asked for;
     * the client's own per-request maximum and host budget bound its price.
     */
    record PaidFetch(String host) implements Grounding {
        public PaidFetch {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("a paid fetch grounding needs the host");
            }
        }
    }

    /**
     * A job the user asked another agent to do, with a budget the user wrote: the hirer may grant {@code contracts} (the
     * configured escrow) an allowance of at most {@code budget} and make the calls its owner declared on them; the budget
     * must be an amount in the user's own {@code words}.
     */
    record Hire(UserWords words, Amount budget, java.util.Set<EvmAddress> contracts) implements Grounding {
        public Hire {
            if (words == null || budget == null || contracts == null || contracts.isEmpty()) {
                throw new IllegalArgumentException("a hire grounding needs the user's words, the budget and the escrow contract");
            }
            contracts = java.util.Set.copyOf(contracts);
        }
    }

    /**
     * A call the owner's configuration obliges the agent to make and that moves none of its value (submitting the
     * result of a job it was hired for, claiming back a lapsed job's funds): grounds only calls the policy declared
     * value-neutral on {@code contracts}; their fee still counts against every limit. With {@code askPerson} (why, in
     * words) the call waits for a person's approval whatever the policy says: code that knows more than the policy (a vote
     * cast with more weight than the owner lets the agent use alone) can only make it stricter.
     */
    record OwnerDuty(String duty, java.util.Set<EvmAddress> contracts, java.util.Optional<String> askPerson) implements Grounding {
        public OwnerDuty {
            if (duty == null || duty.isBlank() || contracts == null || contracts.isEmpty()) {
                throw new IllegalArgumentException("an owner duty needs what it is and the contracts it may call");
            }
            contracts = java.util.Set.copyOf(contracts);
            askPerson = askPerson == null ? java.util.Optional.empty() : askPerson;
        }

        /** A duty call the policy alone decides on. */
        public OwnerDuty(String duty, java.util.Set<EvmAddress> contracts) {
            this(duty, contracts, java.util.Optional.empty());
        }
    }

    /** No evidence: a program's own payment outside any chat. Denied wherever the policy binds intents. */
    record None() implements Grounding {
    }

    static Grounding none() {
        return new None();
    }

    static Grounding of(UserWords words) {
        return new Conversation(words);
    }
}
