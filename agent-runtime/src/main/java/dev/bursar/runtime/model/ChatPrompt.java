package dev.bursar.runtime.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns LangChain4j messages into the model's own prompt through its chat template ({@code applyTemplate}, jinja),
 * and keeps the prompt inside one slot's context by dropping the oldest non-system turns.
 *
 * <p>Messages become OpenAI-style {@code {"role", "content"}} entries. Tool calls are written as the same JSON the
 * tool grammar makes the model produce, and tool results as user turns, so any template (Gemma's included, which
 * knows only user/model turns that alternate) renders them, and the model sees its own format. Consecutive
 * entries of one role are merged.
 */
final class ChatPrompt {

    record Entry(String role, String content) {
    }

    /** A rendered prompt: the text, its token count and how many old turns were dropped to fit. */
    record Rendered(String text, int tokens, int droppedTurns) {
    }

    private ChatPrompt() {
    }

    static List<Entry> entries(List<ChatMessage> messages, ToolCallProtocol protocol) {
        StringBuilder system = new StringBuilder();
        List<Entry> turns = new ArrayList<>();
        for (ChatMessage m : messages) {
            switch (m) {
                case SystemMessage s -> system.append(system.isEmpty() ? "" : "\n\n").append(s.text());
                case UserMessage u -> turns.add(new Entry("user", text(u)));
                case AiMessage a -> turns.add(new Entry("assistant", assistantText(a, protocol)));
                case ToolExecutionResultMessage r -> turns.add(new Entry("user",
                        "Result of tool " + r.toolName() + ": " + r.text()));
                default -> throw new ModelException("local models cannot read a " + m.type() + " message");
            }
        }
        if (protocol != null) {
            system.append(system.isEmpty() ? "" : "\n\n").append(protocol.instructions());
        }
        List<Entry> out = new ArrayList<>();
        if (!system.isEmpty()) {
            out.add(new Entry("system", system.toString()));
        }
        for (Entry e : turns) {
            Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.role().equals(e.role())) {
                out.set(out.size() - 1, new Entry(e.role(), last.content() + "\n\n" + e.content()));
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(UserMessage u) {
        if (u.hasSingleText()) {
            return u.singleText();
        }
        StringBuilder out = new StringBuilder();
        for (Content c : u.contents()) {
            if (!(c instanceof TextContent t)) {
                throw new ModelException("local models read text only, not " + c.type());
            }
            out.append(out.isEmpty() ? "" : "\n").append(t.text());
        }
        return out.toString();
    }

    private static String assistantText(AiMessage a, ToolCallProtocol protocol) {
        StringBuilder out = new StringBuilder();
        if (a.text() != null && !a.text().isEmpty()) {
            out.append(protocol == null ? a.text()
                    : ToolCallProtocol.JSON.createObjectNode().put("answer", a.text()).toString());
        }
        if (a.hasToolExecutionRequests()) {
            for (ToolExecutionRequest call : a.toolExecutionRequests()) {
                out.append(out.isEmpty() ? "" : "\n").append(ToolCallProtocol.render(call));
            }
        }
        return out.toString();
    }

    /** The templated prompt for these entries, as the model will read it. */
    static String template(LocalModel model, List<Entry> entries) {
        ObjectNode request = ToolCallProtocol.JSON.createObjectNode();
        ArrayNode messages = request.putArray("messages");
        for (Entry e : entries) {
            messages.addObject().put("role", e.role()).put("content", e.content());
        }
        request.put("add_generation_prompt", true);
        try {
            return model.llama().applyTemplate(request.toString());
        } catch (RuntimeException e) {
            throw new ModelException("the chat template of " + model.name() + " rejected the conversation: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Renders the entries, dropping the oldest turns after the system message until the prompt plus
     * {@code maxOutputTokens} fits one slot. The newest turn is never dropped.
     *
     * @throws ContextOverflowException if even the system message and the newest turn do not fit
     */
    static Rendered fit(LocalModel model, List<Entry> entries, int maxOutputTokens) {
        int budget = model.options().slotContext() - maxOutputTokens - 4;
        int start = !entries.isEmpty() && entries.get(0).role().equals("system") ? 1 : 0;
        int turns = entries.size() - start;
        if (turns == 0) {
            throw new ModelException("a chat request needs at least one user message");
        }
        Rendered full = render(model, entries, start, 0);
        if (full.tokens() <= budget) {
            return full;
        }
        // The prompt shrinks as more turns are dropped: binary search the fewest drops that fit.
        int lo = 1;
        int hi = turns - 1;
        Rendered best = null;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Rendered r = render(model, entries, start, mid);
            if (r.tokens() <= budget) {
                best = r;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        if (best == null) {
            Rendered last = render(model, entries, start, turns - 1);
            throw new ContextOverflowException(model.name(), last.tokens(), maxOutputTokens, model.options().slotContext());
        }
        return best;
    }

    private static Rendered render(LocalModel model, List<Entry> entries, int start, int drop) {
        List<Entry> kept = new ArrayList<>(entries.subList(0, start));
        List<Entry> rest = entries.subList(start + drop, entries.size());
        int skip = 0;
        // A conversation must not open with the assistant: drop a leading assistant turn too.
        while (skip < rest.size() - 1 && rest.get(skip).role().equals("assistant")) {
            skip++;
        }
        kept.addAll(rest.subList(skip, rest.size()));
        String text = template(model, kept);
        return new Rendered(text, model.countTokens(text), drop + skip);
    }
}
