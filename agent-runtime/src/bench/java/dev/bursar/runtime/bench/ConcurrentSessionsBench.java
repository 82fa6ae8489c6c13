package dev.bursar.runtime.bench;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.chat.ChatEvent;
import dev.bursar.runtime.chat.ChatService;
import dev.bursar.runtime.store.JdbcChatMemoryStore;
import dev.langchain4j.store.memory.chat.InMemoryChatMemoryStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Many concurrent conversations over a handful of agents with the {@link ScriptedChatModel}: turns through the
 * runtime's {@link ChatService} (per-conversation lock, events, metrics, JDBC chat memory) against the same agents'
 * AI service called directly in the same run, plus two references: the chat memory store without its cache (how the
 * runtime read its conversations before) and LangChain4j's in-memory chat memory. Every tenth
 * turn asks for a balance, so the model calls {@code get_balance} on anvil through the tool gate and guarded wallet.
 * Usage: ConcurrentSessionsBench [sessions, default 1000] [agents, default 20] [turns per session, default 10]
 * [rounds, default 3].
 */
public final class ConcurrentSessionsBench {

    private static final String QUESTION = "What can you do for me?";
    private static final String BALANCE = "What is my ETH balance?";

    private ConcurrentSessionsBench() {
    }

    /** One way of running a turn, timed from the call to the turn's end. */
    private interface TurnRunner {
        void turn(RunningAgent agent, String conversation, String message) throws Exception;
    }

    private record Mode(String name, List<RunningAgent> agents, TurnRunner runner) {
    }

    public static void main(String[] args) {
        BenchExit.after(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int agentCount = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int turns = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        try (BenchRuntime runtime = new BenchRuntime()) {
            AgentRegistry jdbc = runtime.registry(runtime.database().chatMemory());
            AgentRegistry uncached = runtime.registry(new JdbcChatMemoryStore(runtime.database().dataSource(), 0));
            AgentRegistry inMemory = runtime.registry(new InMemoryChatMemoryStore());
            List<RunningAgent> agents = new ArrayList<>();
            List<RunningAgent> uncachedAgents = new ArrayList<>();
            List<RunningAgent> memAgents = new ArrayList<>();
            for (int i = 0; i < agentCount; i++) {
                agents.add(jdbc.put(runtime.definition(jdbc, "bench-%03d".formatted(i))));
                uncachedAgents.add(uncached.put(runtime.definition(uncached, "nocache-%03d".formatted(i))));
                memAgents.add(inMemory.put(runtime.definition(inMemory, "mem-%03d".formatted(i))));
            }
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            ChatService chat = new ChatService(metrics);
            List<Mode> modes = List.of(
                    new Mode("direct AI service (baseline)", agents, ConcurrentSessionsBench::direct),
                    new Mode("runtime ChatService", agents, (a, c, m) -> runtime(chat, a, c, m)),
                    new Mode("direct, JDBC memory without cache", uncachedAgents, ConcurrentSessionsBench::direct),
                    new Mode("direct, in-memory chat memory", memAgents, ConcurrentSessionsBench::direct));
            System.out.printf("%n[bench] %d sessions over %d agents, %d turns each (every 10th asks for a balance: one tool call), "
                    + "%d cpus, load average %.2f%n", sessions, agentCount, turns, Runtime.getRuntime().availableProcessors(), load());
            for (Mode mode : modes) {
                run(mode, sessions, Math.min(turns, 5), "warmup");
            }
            Map<String, List<Result>> results = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (int k = 0; k < modes.size(); k++) {
                    Mode mode = modes.get((k + round - 1) % modes.size());
                    Result r = run(mode, sessions, turns, "r" + round);
                    System.out.printf("round %d  %-32s %7.0f turns/s  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (load %.2f)%n",
                            round, mode.name(), r.turnsPerSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), load());
                    results.computeIfAbsent(mode.name(), x -> new ArrayList<>()).add(r);
                }
            }
            System.out.println();
            System.out.println("| round | direct turns/s | runtime turns/s | ratio | direct p50 / p99 | runtime p50 / p99 | p99 overhead "
                    + "| uncached JDBC memory turns/s, p99 | in-memory turns/s, p99 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            for (int round = 0; round < rounds; round++) {
                Result d = results.get(modes.get(0).name()).get(round);
                Result rt = results.get(modes.get(1).name()).get(round);
                Result nocache = results.get(modes.get(2).name()).get(round);
                Result mem = results.get(modes.get(3).name()).get(round);
                System.out.printf("| %d | %.0f | %.0f | %.2f | %.1f / %.0f ms | %.1f / %.0f ms | %+.0f ms | %.0f, %.0f ms | %.0f, %.0f ms |%n",
                        round + 1, d.turnsPerSecond(), rt.turnsPerSecond(), rt.turnsPerSecond() / d.turnsPerSecond(),
                        d.p50Ms(), d.p99Ms(), rt.p50Ms(), rt.p99Ms(), rt.p99Ms() - d.p99Ms(), nocache.turnsPerSecond(), nocache.p99Ms(),
                        mem.turnsPerSecond(), mem.p99Ms());
            }
            double counted = metrics.counter("bursar.chat.turns", "agent", agents.get(0).id()).count();
            System.out.printf("bursar.chat.turns for %s: %.0f (the runtime path was measured, metrics included)%n", agents.get(0).id(), counted);
        }
    }

    private static Result run(Mode mode, int sessions, int turns, String tag) throws Exception {
        long[] latencies = new long[sessions * turns];
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int s = 0; s < sessions; s++) {
                int session = s;
                RunningAgent agent = mode.agents().get(s % mode.agents().size());
                String conversation = "bench-" + tag + "-" + session;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int t = 0; t < turns; t++) {
                        long t0 = System.nanoTime();
                        mode.runner().turn(agent, conversation, t % 10 == 4 ? BALANCE : QUESTION);
                        latencies[session * turns + t] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get(10, TimeUnit.MINUTES);
            }
            long wall = System.nanoTime() - t0;
            java.util.Arrays.sort(latencies);
            return new Result(latencies.length * 1e9 / wall, pct(latencies, 0.50), pct(latencies, 0.99), latencies[latencies.length - 1] / 1e6);
        }
    }

    private static void direct(RunningAgent agent, String conversation, String message) throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        agent.assistant().chat(conversation, message)
                .onPartialResponse(t -> { })
                .onCompleteResponse(r -> reply.complete(r.aiMessage() == null ? "" : String.valueOf(r.aiMessage().text())))
                .onError(reply::completeExceptionally)
                .start();
        reply.get(1, TimeUnit.MINUTES);
    }

    private static void runtime(ChatService chat, RunningAgent agent, String conversation, String message) {
        List<ChatEvent> events = chat.turn(agent, conversation, message).collect().asList().await().atMost(java.time.Duration.ofMinutes(1));
        ChatEvent last = events.get(events.size() - 1);
        if (!last.type().equals("done")) {
            throw new IllegalStateException("the turn ended with " + last.type() + ": " + last.text());
        }
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private record Result(double turnsPerSecond, double p50Ms, double p99Ms, double maxMs) {
    }
}
