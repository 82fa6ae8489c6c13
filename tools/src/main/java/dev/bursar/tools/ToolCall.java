package dev.bursar.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One call of a tool, as the model proposed it, after its arguments were parsed and validated against the tool's
 * schema: the model's call id, the conversation it belongs to, and the arguments.
 */
public record ToolCall(String id, String toolName, ObjectNode arguments, String conversationId) {
}
