package dev.bursar.runtime.bench;

import dev.bursar.runtime.agent.AgentAssistant;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Heap retained per idle agent: N agents created through the runtime's registry (definition parsed, stored, EVM
 * wallet connected, policy, tool gate, AI service with JDBC chat memory), against N bare LangChain4j AI services
 * (the same interface and model, in-memory chat memory, no tools) in the same run. Heap is read with the
 * {@code MemoryMXBean} after repeated {@code System.gc()}, the lowest of five readings.
 * Usage: IdleAgentMemoryBench [agents, default 1000].
 */
public final class IdleAgentMemoryBench {

    private IdleAgentMemoryBench() {
    }

    public static void main(String[] args) {
        BenchExit.after(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        try (BenchRuntime runtime = new BenchRuntime()) {
            AgentRegistry registry = runtime.registry(runtime.database().chatMemory());
            for (int i = 0; i < 20; i++) {
                registry.put(runtime.definition(registry, "warm-%02d".formatted(i)));
                bare(runtime);
            }

            long before = heapAfterGc();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                registry.put(runtime.definition(registry, "idle-%04d".formatted(i)));
            }
            double buildMs = (System.nanoTime() - t0) / 1e6 / n;
            long agents = heapAfterGc() - before;

            before = heapAfterGc();
            List<AgentAssistant> bare = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                bare.add(bare(runtime));
            }
            long bareBytes = heapAfterGc() - before;

            before = heapAfterGc();
            for (RunningAgent agent : registry.all()) {
                if (agent.id().startsWith("idle-")) {
                    turn(agent.assistant(), "c1");
                }
            }
            long afterTurn = heapAfterGc() - before;

            System.out.printf("%n[bench] %d agents, %d cpus, load average %.2f, max heap %d MiB%n", n,
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().maxMemory() >> 20);
            System.out.printf("runtime agent (registry.put): %8.1f KB per idle agent (built in %.2f ms each)%n", agents / 1024.0 / n, buildMs);
            System.out.printf("bare AiServices (baseline):   %8.1f KB per service%n", bareBytes / 1024.0 / n);
            System.out.printf("ratio runtime / bare:         %8.1f%n", (double) agents / bareBytes);
            System.out.printf("one finished turn per agent:  %+8.1f KB per agent (its conversation's memory object; messages live in the database)%n",
                    afterTurn / 1024.0 / n);
            Reference.reachabilityFence(bare);
            Reference.reachabilityFence(registry);
        }
    }

    private static AgentAssistant bare(BenchRuntime runtime) {
        return AiServices.builder(AgentAssistant.class).streamingChatModel(runtime.model())
                .systemMessageProvider(id -> "You are a bench agent.")
                .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20)).build();
    }

    private static void turn(AgentAssistant assistant, String conversation) throws Exception {
        CompletableFuture<Object> done = new CompletableFuture<>();
        assistant.chat(conversation, "What can you do for me?").onPartialResponse(t -> { })
                .onCompleteResponse(done::complete).onError(done::completeExceptionally).start();
        done.get(1, TimeUnit.MINUTES);
    }

    /** The lowest heap use seen over five full collections. */
    private static long heapAfterGc() throws InterruptedException {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            min = Math.min(min, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return min;
    }
}
