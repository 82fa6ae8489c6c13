package dev.bursar.runtime.agent;

import dev.bursar.runtime.store.AgentStore;
import dev.bursar.runtime.store.StoredAgent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The agents this runtime hosts: loaded from the agents directory and the store at start (a broken file stops the
 * boot naming file and field), created, replaced and deleted through the admin API, each built once into a
 * {@link RunningAgent}.
 */
public final class AgentRegistry implements AutoCloseable {

    private final AgentFactory factory;
    private final AgentStore store;
    private final AgentDefinitionParser parser = new AgentDefinitionParser();
    private final Map<String, RunningAgent> agents = new ConcurrentHashMap<>();

    public AgentRegistry(AgentFactory factory, AgentStore store) {
        this.factory = factory;
        this.store = store;
    }

    /**
     * Loads every stored agent and every {@code *.yaml}/{@code *.yml} file of {@code dir}; a file replaces a stored
     * agent of the same id (files are the configuration of record), then each agent is built once.
     */
    public void load(Optional<Path> dir) {
        Map<String, AgentDefinition> definitions = new java.util.LinkedHashMap<>();
        for (StoredAgent stored : store.all()) {
            definitions.put(stored.id(), parser.parse(stored.definitionYaml(), "stored agent " + stored.id()));
        }
        java.util.Set<String> fromFiles = new java.util.HashSet<>();
        if (dir.isPresent()) {
            if (!Files.isDirectory(dir.get())) {
                throw new AgentDefinitionException("the agents directory " + dir.get() + " does not exist");
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(dir.get())) {
                files = list.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
            } catch (IOException e) {
                throw new AgentDefinitionException("cannot list the agents directory " + dir.get() + ": " + e.getMessage(), e);
            }
            for (Path file : files) {
                AgentDefinition d = parser.parse(file);
                if (!fromFiles.add(d.id())) {
                    throw new AgentDefinitionException(file + ": field 'id': another file already defines agent '" + d.id() + "'");
                }
                definitions.put(d.id(), d);
            }
        }
        for (AgentDefinition d : definitions.values()) {
            if (fromFiles.contains(d.id())) {
                put(d);
            } else {
                agents.put(d.id(), factory.build(d));
            }
        }
    }

    /** The contract ranking of {@code chainId}, when one of the hosted agents scores contracts on that chain. */
    public Optional<dev.bursar.ranking.ContractRanking> contractRanking(long chainId) {
        return factory.contractRanking(chainId);
    }

    /** Whether {@code id} is an agent built here or stored by any instance on the same database. */
    public boolean exists(String id) {
        return agents.containsKey(id) || store.find(id).isPresent();
    }

    public Optional<RunningAgent> find(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    public Collection<RunningAgent> all() {
        return new ArrayList<>(agents.values());
    }

    /** Builds and stores {@code definition}, replacing an agent with the same id. */
    public RunningAgent put(AgentDefinition definition) {
        RunningAgent agent = factory.build(definition);
        try {
            store.save(new StoredAgent(definition.id(), definition.owner(), parser.toYaml(definition), Instant.now()));
        } catch (RuntimeException e) {
            factory.release(agent);
            throw e;
        }
        RunningAgent replaced = agents.put(definition.id(), agent);
        if (replaced != null) {
            factory.release(replaced);
        }
        return agent;
    }

    /**
     * Builds {@code id} afresh from the store (what another runtime instance on the same database last saved), with
     * new wallets, nonce and token state, replacing the one built here; drops it when the store no longer has it.
     *
     * @return the rebuilt agent, or empty when it was deleted
     */
    public Optional<RunningAgent> reload(String id) {
        Optional<StoredAgent> stored = store.find(id);
        RunningAgent rebuilt = stored.map(s -> factory.build(parser.parse(s.definitionYaml(), "stored agent " + id))).orElse(null);
        RunningAgent replaced = rebuilt == null ? agents.remove(id) : agents.put(id, rebuilt);
        if (replaced != null) {
            factory.release(replaced);
        }
        return Optional.ofNullable(rebuilt);
    }

    public boolean delete(String id) {
        RunningAgent removed = agents.remove(id);
        boolean existed = removed != null;
        if (removed != null) {
            factory.release(removed);
        }
        return store.delete(id) || existed;
    }

    public AgentDefinition parse(String yaml, String source) {
        return parser.parse(yaml, source);
    }

    /** Stops what the agents' factory runs in the background (contract-ranking scans and event polls). */
    @Override
    public void close() {
        factory.close();
    }
}
