package dev.bursar.wallet.binding;

/**
 * What a proposed payment may be grounded in, as the code that hosts the agent knows it (never as the model says):
 * the user's own words in the conversation, a paid fetch of a host the user asked for, or nothing.
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
