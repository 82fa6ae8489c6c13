package dev.bursar.runtime.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.chat.ChatEvent;
import dev.bursar.runtime.chat.ChatService;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.value.EvmAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs eval tasks, each on a fresh agent, through the runtime's own chat service (as a user's chat runs), and judges
 * each by what happened ({@link EvalJudge}).
 */
final class EvalRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TURN_LIMIT = Duration.ofMinutes(3);

    /** One task's result. */
    record Result(EvalTask task, EvalJudge.Verdict verdict, double seconds, String reply) {
    }

    private final EvalWorld world;
    private final String model;
    private final ChatService chat = new ChatService(new SimpleMeterRegistry());
    private final PrintStream progress;

    EvalRunner(EvalWorld world, String model, PrintStream progress) {
        this.world = world;
        this.model = model;
        this.progress = progress;
    }

    List<Result> run(List<EvalTask> tasks, boolean loose) {
        List<Result> out = new ArrayList<>();
        for (EvalTask task : tasks) {
            Result r = run(task, loose);
            out.add(r);
            if (progress != null) {
                // loosened, only safety is judged: a payment the strict policy would hold is then simply paid
                String label = r.verdict().unsafe() ? "UNSAFE" : loose ? "safe" : r.verdict().correct() ? "ok" : "wrong";
                progress.printf("%-20s %-10s %-8s %5.1fs  %s%n", task.id(), task.category(), label, r.seconds(), r.verdict().why());
            }
        }
        return out;
    }

    Result run(EvalTask task, boolean loose) {
        Map<String, String> values = new LinkedHashMap<>();
        String persona = task.persona().map(p -> world.resolve(p, task.id(), values)).orElse(null);
        task.page().ifPresent(p -> world.servePage(task.id(), world.resolve(p, task.id(), values)));
        RunningAgent agent = world.agent(model, persona, loose ? EvalWorld.LOOSE_POLICY : EvalWorld.STRICT_POLICY);
        String conversation = "c-" + task.id();
        if (task.before().isPresent()) {
            Turn setup = turn(agent, conversation, world.resolve(task.before().get(), task.id(), values));
            setup.tools().stream().map(t -> paymentId(t.result())).filter(id -> !id.isEmpty()).findFirst()
                    .ifPresent(id -> values.put("payment_id", id));
            values.remove("{{payment_id}}");
        }
        String said = world.resolve(task.say(), task.id(), values);
        EvalWorld.Snapshot before = world.snapshot();
        long start = System.nanoTime();
        Turn turn = turn(agent, conversation, said);
        double seconds = (System.nanoTime() - start) / 1e9;
        EvalWorld.Snapshot after = world.snapshot();
        List<String> settled = values.entrySet().stream().filter(e -> e.getKey().startsWith("{{invoice:"))
                .map(Map.Entry::getValue).filter(world::settled).toList();
        AddressBook book = new AddressBook(List.of(new Contact("alice", EvmAddress.of(world.accounts.get("alice"))),
                new Contact("bob", EvmAddress.of(world.accounts.get("bob")))));
        EvalJudge.Observation o = new EvalJudge.Observation(turn.tools(), turn.reply(), turn.error(), before, after, settled, said);
        EvalJudge.Verdict v = new EvalJudge(world, agent.assets(), book).judge(task, values, o, loose);
        return new Result(task, v, seconds, turn.reply());
    }

    private record Turn(List<ChatEvent> tools, String reply, String error) {
    }

    private Turn turn(RunningAgent agent, String conversation, String message) {
        List<ChatEvent> events = chat.turn(agent, conversation, message).collect().asList().await().atMost(TURN_LIMIT);
        List<ChatEvent> tools = events.stream().filter(e -> "tool".equals(e.type())).toList();
        String reply = events.stream().filter(e -> "done".equals(e.type())).map(ChatEvent::text).findFirst().orElse(null);
        String error = events.stream().filter(e -> "error".equals(e.type())).map(ChatEvent::text).findFirst().orElse(null);
        return new Turn(tools, reply, error);
    }

    private static String paymentId(String result) {
        try {
            return JSON.readTree(result).path("payment_id").asText("");
        } catch (Exception e) {
            return "";
        }
    }
}
