package dev.bursar.runtime.agent;

import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * Resolves a model name from an agent definition to a streaming chat model; unknown names fail when the agent is
 * built, not at its first chat.
 */
public interface ModelProvider {

    StreamingChatModel streaming(String modelName);
}
