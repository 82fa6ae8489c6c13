package dev.bursar.tools;

import dev.bursar.wallet.binding.UserWords;

/**
 * Where the tools layer reads what grounds a payment: the user's own messages in one conversation and the owner's
 * address book. Implemented by the code that hosts the agent (the runtime reads the stored conversation), never by a
 * plugin or the model.
 */
@FunctionalInterface
public interface ConversationWords {

    /** The user's words in {@code conversationId} (empty when the conversation has none). */
    UserWords of(String conversationId);

    /** No conversation at all: every payment is ungrounded. */
    static ConversationWords none() {
        return conversation -> new UserWords(java.util.List.of(), null);
    }
}
