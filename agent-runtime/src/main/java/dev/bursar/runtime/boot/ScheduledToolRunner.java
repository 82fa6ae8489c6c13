package dev.bursar.runtime.boot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.tools.GrantedTool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each agent's scheduled tools ({@code schedule} in its definition) when they are due, checked every
 * {@code bursar.schedule-tick} (default 5 s). A run is a tool call outside any chat, in the conversation
 * {@code schedule:<tool>}: it goes through the same gate, policy and journal as a model's call, and since no user wrote
 * anything there, a payment it proposes is refused as ungrounded. A run's outcome is logged; a failed run is tried again
 * at its next time. Times are kept in memory: after a restart every scheduled tool runs at the first tick (the tools are
 * expected to be idempotent, as a vote on a proposal is).
 */
@Singleton
public class ScheduledToolRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledToolRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgentRegistry agents;
    private final java.util.function.Predicate<String> drivenHere;
    private final Clock clock;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    /** Runs the schedules of the agents whose writer lease this instance holds (or takes); others run them elsewhere. */
    @Inject
    public ScheduledToolRunner(AgentRegistry agents, dev.bursar.runtime.lease.WriterLeases leases) {
        this(agents, id -> leases.route(id) instanceof dev.bursar.runtime.lease.WriterLeases.Route.Local, Clock.systemUTC());
    }

    ScheduledToolRunner(AgentRegistry agents, java.util.function.Predicate<String> drivenHere, Clock clock) {
        this.agents = agents;
        this.drivenHere = drivenHere;
        this.clock = clock;
    }

    @Scheduled(every = "${bursar.schedule-tick:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        Set<String> live = new HashSet<>();
        for (RunningAgent built : agents.all()) {
            if (built.definition().schedule().map(List::isEmpty).orElse(true) || !drivesHere(built.id())) {
                continue;
            }
            RunningAgent agent = agents.find(built.id()).orElse(null); // rebuilt if this instance just took it over
            if (agent == null) {
                continue;
            }
            for (AgentDefinition.ScheduledTool s : agent.definition().schedule().orElse(List.of())) {
                String key = agent.id() + "/" + s.tool();
                live.add(key);
                Instant now = clock.instant();
                Instant last = lastRun.get(key);
                if (last == null || !now.isBefore(last.plus(s.every()))) {
                    lastRun.put(key, now);
                    run(agent, s, now);
                }
            }
        }
        lastRun.keySet().retainAll(live);
    }

    private boolean drivesHere(String agentId) {
        try {
            return drivenHere.test(agentId);
        } catch (RuntimeException e) {
            LOG.warn("scheduled tools skipped agent={}: {}", agentId, e.getMessage());
            return false;
        }
    }

    private static void run(RunningAgent agent, AgentDefinition.ScheduledTool s, Instant now) {
        GrantedTool tool = agent.tools().stream().filter(t -> t.specification().name().equals(s.tool())).findFirst().orElse(null);
        if (tool == null) {
            LOG.warn("scheduled tool missing agent={} tool={}", agent.id(), s.tool());
            return;
        }
        try {
            String arguments = JSON.writeValueAsString(s.arguments().orElse(Map.of()));
            ToolExecutionRequest request = ToolExecutionRequest.builder().id("schedule-" + now.toEpochMilli()).name(s.tool())
                    .arguments(arguments).build();
            String result = tool.executor().execute(request, "schedule:" + s.tool());
            boolean failed = result != null && result.startsWith("error:");
            String shown = result == null ? "" : result.length() > 300 ? result.substring(0, 300) + "..." : result;
            if (failed) {
                LOG.warn("scheduled tool failed agent={} tool={} result=\"{}\"", agent.id(), s.tool(), shown.replace('\n', ' '));
            } else {
                LOG.info("scheduled tool ran agent={} tool={} result=\"{}\"", agent.id(), s.tool(), shown.replace('\n', ' '));
            }
        } catch (JsonProcessingException e) {
            LOG.warn("scheduled tool has unwritable arguments agent={} tool={}", agent.id(), s.tool());
        } catch (RuntimeException e) {
            LOG.warn("scheduled tool failed agent={} tool={} error=\"{}\"", agent.id(), s.tool(), e.getMessage());
        }
    }
}
