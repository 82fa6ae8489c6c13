package dev.bursar.ranking;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

import static dev.bursar.ranking.FindingCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buy and sell through the real Uniswap V2 router the devnet deploys from npm: pools are found through the factory,
 * and what only a router's {@code transferFrom} exercises is caught.
 */
@WithDevnet({Component.EVM})
class UniswapV2SimulationIT {

    private static final BigInteger DEADLINE = BigInteger.TWO.pow(40);

    static UniswapV2Market market(Devnet devnet) {
        return new UniswapV2Market(devnet.evm().chainId(), EvmAddress.of(devnet.contracts().get("UniswapV2Factory")),
                EvmAddress.of(devnet.contracts().get("UniswapV2Router02")), EvmAddress.of(devnet.contracts().get("WETH9")));
    }

    private static ContractScanner scanner(Devnet devnet, PairLocator pairs) {
        return ContractScanner.builder(new NodeClient(devnet.evm().rpcUrl(), Duration.ofSeconds(10), 8))
                .market(market(devnet)).pairs(pairs).build();
    }

    /** Deploys a token fixture and gives it a Uniswap V2 pool of 100,000 tokens and 10 ETH through the router. */
    static String withPool(Chain chain, Devnet devnet, String contract) {
        String token = chain.deploy(contract, "");
        String router = devnet.contracts().get("UniswapV2Router02");
        BigInteger tokens = Chain.ETH.multiply(BigInteger.valueOf(100_000));
        chain.call(token, "approve(address,uint256)", Abi.word(router) + Abi.word(tokens));
        chain.send(chain.owner, router, Abi.selector("addLiquidityETH(address,uint256,uint256,uint256,address,uint256)")
                + Abi.word(token) + Abi.word(tokens) + Abi.word(BigInteger.ZERO) + Abi.word(BigInteger.ZERO) + Abi.word(chain.owner)
                + Abi.word(DEADLINE), Chain.ETH.multiply(BigInteger.TEN));
        String pair = Abi.addressFromWord(chain.rpc.call("eth_call", java.util.Map.of("to", devnet.contracts().get("UniswapV2Factory"),
                "data", Abi.selector("getPair(address,address)") + Abi.word(token) + Abi.word(devnet.contracts().get("WETH9"))),
                "latest").asText()).orElseThrow();
        if (Chain.hasFunction(contract, "setPair")) {
            chain.call(token, "setPair(address)", Abi.word(pair));
        }
        return token;
    }

    @Test
    void theDevnetsOwnTokenTradesCleanlyThroughItsSeededPool(Devnet devnet) {
        ContractReport r = scanner(devnet, PairLocator.none()).scan(devnet.evm().chainId(), devnet.contracts().get("DevToken"));

        assertThat(r.findings()).filteredOn(f -> f.code() == SIMULATION_PASSED).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("Uniswap V2 router").contains("buy 0.0 %").contains("sell 0.0 %"));
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aHoneypotThatOnlyBlocksTheRoutersTransferFromIsBlocked(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = withPool(chain, devnet, "RouterOnlyHoneypot");
        // The same token on a pair driven by plain transfers would pass: the router path is what catches it.
        ContractReport r = scanner(devnet, PairLocator.none()).scan(chain.chainId, token);

        assertThat(r.findings()).filteredOn(f -> f.code() == HONEYPOT_SELL_REVERTS).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("through Uniswap V2 router"));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void aThirtyPercentSellTaxIsMeasuredOnTheRealPool(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = withPool(chain, devnet, "FeeModifiable");
        chain.call(token, "setFee(uint256)", Abi.word(BigInteger.valueOf(30)));
        ContractReport r = scanner(devnet, PairLocator.none()).scan(chain.chainId, token);

        assertThat(r.findings()).filteredOn(f -> f.code() == TAX_MEASURED).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("sell 30.0 %").contains("buy 0.0 %"));
        assertThat(r.verdict()).isNotEqualTo(Verdict.ALLOW);
    }

    @Test
    void aMaxTransactionLimitIsMeasuredNotMistakenForABlockedBuy(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = withPool(chain, devnet, "MaxTxToken");
        ContractReport r = scanner(devnet, PairLocator.none()).scan(chain.chainId, token);

        assertThat(r.findings()).filteredOn(f -> f.code() == MAX_TX_LIMIT).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("1 % of the pool").contains("works"));
        assertThat(r.has(CANNOT_BUY)).isFalse();
        assertThat(r.has(SIMULATION_PASSED)).as("a small buy, transfer and sell go through").isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aTokenWithoutAPoolIsUnknownNotClean(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = chain.deploy("BenignToken", "");
        ContractReport r = scanner(devnet, PairLocator.none()).scan(chain.chainId, token);

        assertThat(r.has(SIMULATION_PASSED)).isFalse();
        assertThat(r.findings()).anySatisfy(f -> assertThat(f.evidence()).contains("no trading pair"));
    }
}
