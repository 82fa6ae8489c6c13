package dev.bursar.registry.discovery;

import java.util.List;

/** For benchmarks: an index holding {@code agents} as if the indexer had read them at block 1. */
public final class BenchIndex {

    private BenchIndex() {
    }

    public static AgentIndex of(List<IndexedAgent> agents) {
        AgentIndex index = new AgentIndex();
        agents.forEach(a -> index.put(1, a));
        index.forgetUpTo(1);
        return index;
    }
}
