package dev.bursar.runtime.agent;

import dev.bursar.runtime.store.AddressBookStore;
import dev.bursar.tools.ConversationWords;
import dev.bursar.wallet.binding.UserWords;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The user's words of an agent's conversation, read from its stored chat memory: only {@link UserMessage}s, which
 * hold what the person typed (the persona is a system message, tool results and fetched pages are tool messages,
 * replies are the model's), with the agent owner's address book.
 */
final class StoredConversationWords implements ConversationWords {

    private final String agentId;
    private final String owner;
    private final ChatMemoryStore memory;
    private final AddressBookStore addressBooks;

    StoredConversationWords(String agentId, String owner, ChatMemoryStore memory, AddressBookStore addressBooks) {
        this.agentId = agentId;
        this.owner = owner;
        this.memory = memory;
        this.addressBooks = addressBooks;
    }

    @Override
    public UserWords of(String conversationId) {
        List<String> said = new ArrayList<>();
        for (ChatMessage m : memory.getMessages(agentId + "/" + conversationId)) {
            if (m instanceof UserMessage user) {
                for (Content c : user.contents()) {
                    if (c instanceof TextContent text) {
                        said.add(text.text());
                    }
                }
            }
        }
        return new UserWords(said, addressBooks.of(owner));
    }
}
