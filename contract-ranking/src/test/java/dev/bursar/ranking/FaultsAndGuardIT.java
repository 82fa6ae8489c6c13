package dev.bursar.ranking;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.PolicyDecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.bursar.ranking.FindingCode.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad input, node faults, the cache and the wallet guard, against the devnet's anvil. */
@WithDevnet({Component.EVM})
class FaultsAndGuardIT {

    private static ContractScanner scanner(Devnet devnet, Chain chain) {
        return ContractScanner.builder(NodeClient.of(devnet.evm().rpcUrl())).pairs(chain.pairLocator()).build();
    }

    @Test
    void notAnAddressIsRefusedWithTheReason(Devnet devnet) {
        Chain chain = new Chain(devnet);
        assertThatThrownBy(() -> scanner(devnet, chain).scan(chain.chainId, "0x1234"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not an EVM address");
        assertThatThrownBy(() -> scanner(devnet, chain).scan(chain.chainId, "0x5FbDB2315678afecb367f032d93F642f64180aA4"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("checksum");
    }

    @Test
    void wrongChainIsRefused(Devnet devnet) {
        Chain chain = new Chain(devnet);
        assertThatThrownBy(() -> scanner(devnet, chain).scan(1, chain.owner))
                .isInstanceOf(RankingException.class).hasMessageContaining("serves chain 31337, not chain 1");
    }

    @Test
    void anAccountWithoutCodeIsBlocked(Devnet devnet) {
        Chain chain = new Chain(devnet);
        ContractReport r = scanner(devnet, chain).scan(chain.chainId, chain.other);
        assertThat(r.has(NO_CODE_AT_TARGET)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void eip7702DelegateIsAnEoaWithDelegatedCode(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String impl = chain.deploy("BenignToken", "");
        String account = PrivilegeAnalyzer.randomAddress();
        chain.rpc.call("anvil_setCode", account, "0xef0100" + Abi.strip(impl));
        ContractReport r = scanner(devnet, chain).scan(chain.chainId, account);
        assertThat(r.has(EIP7702_DELEGATE)).isTrue();
        assertThat(r.implementations()).containsExactly(EvmAddress.of(impl));
    }

    @Test
    void proxyPointingToItselfOrInACycleIsReportedNotFollowed(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String impl = chain.deploy("UupsBox", "");
        String a = chain.deploy("FixtureERC1967Proxy", Chain.addressAndBytes(impl, Abi.selector("initialize(address)") + Abi.word(chain.owner)));
        String b = chain.deploy("FixtureERC1967Proxy", Chain.addressAndBytes(impl, Abi.selector("initialize(address)") + Abi.word(chain.owner)));
        chain.rpc.call("anvil_setStorageAt", a, ProxyResolver.IMPLEMENTATION_SLOT, "0x" + Abi.word(a));
        ContractReport self = scanner(devnet, chain).scan(chain.chainId, a);
        assertThat(self.has(PROXY_LOOP)).isTrue();
        assertThat(self.verdict()).isNotEqualTo(Verdict.ALLOW);
        chain.rpc.call("anvil_setStorageAt", a, ProxyResolver.IMPLEMENTATION_SLOT, "0x" + Abi.word(b));
        chain.rpc.call("anvil_setStorageAt", b, ProxyResolver.IMPLEMENTATION_SLOT, "0x" + Abi.word(a));
        ContractReport cycle = scanner(devnet, chain).scan(chain.chainId, a);
        assertThat(cycle.has(PROXY_LOOP)).isTrue();
    }

    @Test
    void hugeBytecodeIsNotAnalysedAndNotAllowed(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String account = PrivilegeAnalyzer.randomAddress();
        chain.rpc.call("anvil_setCode", account, "0x" + "5b".repeat(60_000));
        ContractReport r = scanner(devnet, chain).scan(chain.chainId, account);
        assertThat(r.has(CODE_TOO_LARGE)).isTrue();
        assertThat(r.verdict()).isNotEqualTo(Verdict.ALLOW);
        assertThat(r.confidence()).isLessThan(1.0);
    }

    @Test
    void unreachableNodeGivesABlockReportSayingWhy(Devnet devnet) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeClient dead = new NodeClient(URI.create("http://127.0.0.1:" + port), Duration.ofMillis(500), 2);
        ContractReport r = ContractScanner.builder(dead).build().scan(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.confidence()).isZero();
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.evidence()).contains("unreachable"));
    }

    @Test
    void nodeThatNeverAnswersTimesOutIntoABlockReport() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            NodeClient slow = new NodeClient(URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofMillis(300), 2);
            ContractReport r = ContractScanner.builder(slow).build().scan(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
            assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
            assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.evidence()).contains("timed out"));
        }
    }

    @Test
    void aFailingStepLowersConfidenceAndNamesWhatWasNotChecked(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = chain.tokenWithPair("BenignToken");
        ContractScanner flaky = ContractScanner.builder(NodeClient.of(devnet.evm().rpcUrl())).pairs(chain.pairLocator())
                .usage((node, address, block) -> {
                    throw new NodeException("trace_filter", "trace_filter timed out after 10 ms", true, null, null);
                }).build();
        ContractReport r = flaky.scan(chain.chainId, token);
        assertThat(r.confidence()).isLessThan(1.0);
        assertThat(r.findings()).filteredOn(f -> f.code() == UNKNOWN_CHECK).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("usage").contains("timed out"));
        ContractReport clean = scanner(devnet, chain).scan(chain.chainId, token);
        assertThat(r.score()).isLessThan(clean.score());
        assertThat(r.summary()).contains("could not check usage");
    }

    @Test
    void cacheServesRepeatsWithoutRpcAndDropsReportsOnOwnershipEvents(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String token = chain.tokenWithPair("OwnerMintable");
        NodeClient node = NodeClient.of(devnet.evm().rpcUrl());
        try (ContractRanking ranking = new ContractRanking(ContractScanner.builder(node).pairs(chain.pairLocator()).build(), chain.chainId)) {
            ContractReport first = ranking.report(EvmAddress.of(token));
            long calls = node.callCount();
            assertThat(ranking.report(EvmAddress.of(token))).isSameAs(first);
            assertThat(node.callCount()).isEqualTo(calls);
            assertThat(ranking.stats().hitCount()).isEqualTo(1);
            assertThat(ranking.pollInvalidations()).isEmpty();
            chain.call(token, "renounceOwnership()", "");
            assertThat(ranking.pollInvalidations()).containsExactly(token);
            ContractReport after = ranking.report(EvmAddress.of(token));
            assertThat(after.has(OWNER_MINT)).isFalse();
            assertThat(after.verdict()).isEqualTo(Verdict.ALLOW);
        }
    }

    @Test
    void aGuardedIntentNeverReliesOnAReportForCodeUpgradedSince(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String first = chain.deploy("UupsBox", "");
        String proxy = chain.deploy("FixtureERC1967Proxy", Chain.addressAndBytes(first, Abi.selector("initialize(address)") + Abi.word(chain.owner)));
        String second = chain.deploy("UupsBox", "");
        try (ContractRanking ranking = new ContractRanking(scanner(devnet, chain), chain.chainId)) {
            ContractReport before = ranking.reportForIntent(EvmAddress.of(proxy));
            assertThat(before.implementations()).containsExactly(EvmAddress.of(first));
            assertThat(ranking.reportForIntent(EvmAddress.of(proxy))).as("unchanged code: the cached report").isSameAs(before);

            chain.call(proxy, "upgradeToAndCall(address,bytes)", Abi.word(second) + Abi.word(BigInteger.valueOf(64)) + Abi.word(BigInteger.ZERO));

            assertThat(ranking.report(EvmAddress.of(proxy))).as("a plain lookup before the next poll still hits").isSameAs(before);
            assertThat(ranking.reportForIntent(EvmAddress.of(proxy)).implementations()).as("a payment re-reads the slot")
                    .containsExactly(EvmAddress.of(second));
        }
    }

    @Test
    void rankingOrdersByScoreAndDropsBlocks(Devnet devnet) {
        Chain chain = new Chain(devnet);
        String benign = chain.tokenWithPair("BenignToken");
        String mintable = chain.tokenWithPair("OwnerMintable");
        String honeypot = chain.tokenWithPair("HoneypotSellBlock");
        try (ContractRanking ranking = new ContractRanking(scanner(devnet, chain), chain.chainId)) {
            List<ContractReport> ranked = ranking.rank(List.of(EvmAddress.of(mintable), EvmAddress.of(honeypot), EvmAddress.of(benign)));
            assertThat(ranked).extracting(ContractReport::address).containsExactly(EvmAddress.of(benign), EvmAddress.of(mintable));
        }
    }

    @Test
    void guardDeniesHoneypotAsksApprovalForMintableAndAllowsBenign(Devnet devnet, @TempDir Path dir) {
        Chain chain = new Chain(devnet);
        String benign = chain.tokenWithPair("BenignToken");
        String mintable = chain.tokenWithPair("OwnerMintable");
        String honeypot = chain.tokenWithPair("HoneypotSellBlock");
        try (ContractRanking ranking = new ContractRanking(scanner(devnet, chain), chain.chainId);
             SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            ContractRankingGuard guard = new ContractRankingGuard(ranking);
            Map<String, PolicyDecision> decisions = new java.util.HashMap<>();
            for (String token : List.of(benign, mintable, honeypot)) {
                Asset.Erc20Token asset = new Asset.Erc20Token(chain.chainId, EvmAddress.of(token), "TOK", 18);
                PaymentPolicy policy = PaymentPolicy.builder().maxPerTransaction(Amount.ofUnits(asset, Chain.ETH)).guard(guard).build();
                Amount amount = Amount.ofUnits(asset, BigInteger.TEN);
                PaymentIntent intent = new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(EvmAddress.of(chain.other)), amount,
                        "pay a supplier", "k-" + token);
                Quote quote = new Quote(intent, amount, Optional.empty(), EvmAddress.of(chain.other).value(), Optional.of(token),
                        Optional.empty(), Optional.empty(), Map.of());
                decisions.put(token, policy.evaluate("agent-1", quote, ledger, Instant.now(), false));
            }
            assertThat(decisions.get(benign)).isInstanceOf(PolicyDecision.Allow.class);
            assertThat(decisions.get(mintable)).isInstanceOf(PolicyDecision.NeedsApproval.class);
            assertThat(decisions.get(mintable).reason()).contains("OWNER_MINT").contains("score");
            assertThat(decisions.get(honeypot)).isInstanceOf(PolicyDecision.Deny.class);
            assertThat(decisions.get(honeypot).reason()).contains("HONEYPOT_SELL_REVERTS");
        }
    }

    @Test
    void guardBlocksWhenTheNodeIsDown(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        NodeClient dead = new NodeClient(URI.create("http://127.0.0.1:" + port), Duration.ofMillis(300), 2);
        try (ContractRanking ranking = new ContractRanking(ContractScanner.builder(dead).build(), 31337)) {
            EvmAddress token = EvmAddress.of("0x5fbdb2315678afecb367f032d93f642f64180aa3");
            Asset.Erc20Token asset = new Asset.Erc20Token(31337, token, "TOK", 18);
            Amount amount = Amount.ofUnits(asset, BigInteger.TEN);
            PaymentIntent intent = new PaymentIntent("agent-1", new PaymentTarget.EvmTransfer(token), amount, "", "k1");
            Quote quote = new Quote(intent, amount, Optional.empty(), token.value(), Optional.of(token.value()), Optional.empty(),
                    Optional.empty(), Map.of());
            var verdict = new ContractRankingGuard(ranking).assess(quote);
            assertThat(verdict.verdict()).isEqualTo(dev.bursar.wallet.policy.GuardVerdict.Verdict.BLOCK);
            assertThat(verdict.summary()).contains("NODE_UNAVAILABLE").contains("unreachable");
        }
    }
}
