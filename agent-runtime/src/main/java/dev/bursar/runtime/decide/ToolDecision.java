package dev.bursar.runtime.decide;

import java.util.List;

/** What a user turn comes to once code has read it. */
public sealed interface ToolDecision {

    /** Call {@code tool} with {@code arguments} (a JSON object), every value taken from the user's words. */
    record Call(String tool, String arguments) implements ToolDecision {
    }

    /**
     * Ask the user (or tell them why not): something the call needs is missing, unclear or not theirs to give. A
     * question ends with "?", so the user's answer is read together with the message it completes.
     */
    record Ask(String question) implements ToolDecision {
    }

    /** Answer in words, with no tool. */
    record Answer() implements ToolDecision {
    }

    /** Let the model write the arguments of {@code tool} under its schema's grammar (a plugin tool code cannot fill). */
    record Delegate(String tool) implements ToolDecision {
    }

    /** The ranking is too close to call: the model picks one of {@code tools} (or answering), then decide again. */
    record Choose(List<String> tools) implements ToolDecision {
    }
}
