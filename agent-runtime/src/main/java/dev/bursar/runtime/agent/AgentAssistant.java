package dev.bursar.runtime.agent;

import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;

/**
 * The LangChain4j AI service every agent is built as: one turn of one conversation, streamed.
 */
public interface AgentAssistant {

    TokenStream chat(@MemoryId String conversationId, @UserMessage String message);
}
