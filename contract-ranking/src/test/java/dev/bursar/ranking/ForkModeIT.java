package dev.bursar.ranking;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.NpmTools;
import dev.bursar.devnet.junit.WithDevnet;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.bursar.ranking.FindingCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fork mode against a node that is not anvil: the devnet's chain behind {@link OrdinaryNodeProxy} plays a hosted RPC,
 * the scanner starts a local {@code anvil --fork-url} on it, trades there, and never sends the real chain anything.
 */
@WithDevnet({Component.EVM})
class ForkModeIT {

    @Test
    void onAnOrdinaryNodeTradesAreSimulatedOnALocalForkAndNothingIsBroadcast(Devnet devnet) throws Exception {
        Chain chain = new Chain(devnet);
        String honeypot = UniswapV2SimulationIT.withPool(chain, devnet, "RouterOnlyHoneypot");
        String dusd = devnet.contracts().get("DevToken");
        try (OrdinaryNodeProxy remote = new OrdinaryNodeProxy(devnet.evm().rpcUrl());
             AnvilForks forks = AnvilForks.builder(NpmTools.ensure(BursarCache.fromEnvironment(), System.out).anvil()).maxForks(1).build()) {
            NodeClient node = new NodeClient(remote.url(), Duration.ofSeconds(10), 8);
            long headBefore = node.blockNumber();
            ContractScanner scanner = ContractScanner.builder(node).market(UniswapV2SimulationIT.market(devnet)).forks(forks).build();

            ContractReport bad = scanner.scan(chain.chainId, honeypot);
            ContractReport good = scanner.scan(chain.chainId, dusd);

            assertThat(bad.findings()).filteredOn(f -> f.code() == HONEYPOT_SELL_REVERTS).singleElement()
                    .satisfies(f -> assertThat(f.evidence()).contains("through Uniswap V2 router"));
            assertThat(bad.verdict()).isEqualTo(Verdict.BLOCK);
            assertThat(good.has(SIMULATION_PASSED)).as("%s", good.findings()).isTrue();
            assertThat(forks.running()).as("one fork, reused").isEqualTo(1);
            assertThat(remote.refused()).as("no transaction and no anvil method ever reached the real chain (usage may ask "
                    + "for ots_/trace_ and be refused, as a hosted node refuses it)")
                    .noneMatch(m -> m.startsWith("eth_send") || m.startsWith("anvil_") || m.startsWith("evm_"));
            assertThat(node.blockNumber()).as("no block was added to the real chain").isEqualTo(headBefore);
        }
    }

    @Test
    void withoutForkModeAnOrdinaryNodeSaysTheSimulationWasNotRun(Devnet devnet) throws Exception {
        String dusd = devnet.contracts().get("DevToken");
        try (OrdinaryNodeProxy remote = new OrdinaryNodeProxy(devnet.evm().rpcUrl())) {
            ContractScanner scanner = ContractScanner.builder(new NodeClient(remote.url(), Duration.ofSeconds(10), 8))
                    .market(UniswapV2SimulationIT.market(devnet)).build();

            ContractReport r = scanner.scan(devnet.evm().chainId(), dusd);

            assertThat(r.has(SIMULATION_PASSED)).isFalse();
            assertThat(r.findings()).anySatisfy(f -> assertThat(f.evidence()).contains("fork mode is off"));
            assertThat(r.confidence()).isLessThan(1.0);
        }
    }

    @Test
    void onAnOrdinaryNodeUsageComesFromLogsAndPastCode(Devnet devnet) throws Exception {
        String dusd = devnet.contracts().get("DevToken");
        try (OrdinaryNodeProxy remote = new OrdinaryNodeProxy(devnet.evm().rpcUrl())) {
            NodeClient node = new NodeClient(remote.url(), Duration.ofSeconds(10), 8);
            Usage u = new RpcUsageProvider().usage(node, dev.bursar.wallet.value.EvmAddress.of(dusd), node.blockNumber());

            assertThat(remote.refused()).contains("ots_getContractCreator");
            assertThat(u.source()).contains("eth_getLogs");
            // The devnet funded nine accounts and a pool from the deployer: at least ten transfers, from two senders.
            assertThat(u.txCount().orElseThrow()).isGreaterThanOrEqualTo(10);
            assertThat(u.uniqueSenders().orElseThrow()).isGreaterThanOrEqualTo(2);
            assertThat(u.confidence()).isBetween(0.1, 0.7);
            assertThat(LogUsageProvider.creationBlock(node, dusd.toLowerCase(), node.blockNumber()))
                    .as("DevToken is the devnet's first deployment").isLessThanOrEqualTo(1);
        }
    }
}
