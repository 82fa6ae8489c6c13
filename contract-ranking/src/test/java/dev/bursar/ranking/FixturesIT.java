package dev.bursar.ranking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Duration;

import static dev.bursar.ranking.FindingCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture deployed on anvil, scanned, with the findings and the verdict a user should see. */
@WithDevnet({Component.EVM})
class FixturesIT {

    private Chain chain;
    private ContractScanner scanner;

    private ContractReport scan(Devnet devnet, String address) {
        if (scanner == null) {
            throw new IllegalStateException("setup first");
        }
        ContractReport r = scanner.scan(chain.chainId, address);
        System.out.println(r.summary() + "\n  " + r.findings());
        return r;
    }

    private void setup(Devnet devnet) {
        chain = new Chain(devnet);
        scanner = ContractScanner.builder(new NodeClient(devnet.evm().rpcUrl(), Duration.ofSeconds(10), 8))
                .pairs(chain.pairLocator()).build();
    }

    private static void assertNoPenalties(ContractReport r) {
        assertThat(r.findings()).filteredOn(f -> f.penalty() > 0).isEmpty();
    }

    @Test
    void benignErc20IsAllowedAfterABuyTransferAndSell(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("BenignToken"));
        assertThat(r.has(SIMULATION_PASSED)).isTrue();
        assertNoPenalties(r);
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(r.confidence()).isEqualTo(1.0);
        assertThat(r.has(USAGE)).isTrue();
    }

    @Test
    void constantWithFfAndF4BytesIsNotReadAsSelfdestructOrDelegatecall(Devnet devnet) {
        setup(devnet);
        String token = chain.tokenWithPair("BenignMagicConstant");
        Bytecode code = Bytecode.ofHex(chain.rpc.call("eth_getCode", token, "latest").asText());
        assertThat(code.containsByte(0xff)).as("a naive byte scan sees 0xff").isTrue();
        assertThat(code.containsByte(0xf4)).as("a naive byte scan sees 0xf4").isTrue();
        ContractReport r = scan(devnet, token);
        assertThat(r.has(SELFDESTRUCT_REACHABLE)).isFalse();
        assertThat(r.has(DELEGATECALL_NON_PROXY)).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aMintUnderAnotherNameIsFoundByWhatItDoes(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("RenamedMint"));
        assertThat(r.findings()).filteredOn(f -> f.code() == OWNER_MINT).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("found by effect").contains(Abi.selector("distributeRewards(address,uint256)")));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void anOwnerOnlyTradingSwitchUnderAnotherNameIsFoundByWhatItDoes(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("HiddenTradingSwitch"));
        assertThat(r.findings()).filteredOn(f -> f.code() == TRANSFER_PAUSABLE).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("found by effect").contains(Abi.selector("configure(uint256)")));
        assertThat(r.has(SIMULATION_PASSED)).as("trading is live now: buys and sells work").isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void anOwnerWhoCanTakeAHoldersTokensUnderAnotherNameIsFoundByWhatItDoesAndBlocked(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("HiddenSeize"));
        assertThat(r.findings()).as(r.findings().toString()).filteredOn(f -> f.code() == OWNER_SETS_BALANCES).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("found by effect").contains(Abi.selector("settleAccount(address)")));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void aBlacklistUnderAnotherNameIsFoundByWhatItDoes(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("HiddenBlacklist"));
        assertThat(r.findings()).as(r.findings().toString()).filteredOn(f -> f.code() == BLACKLIST).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("found by effect").contains(Abi.selector("review(address)")));
        assertThat(r.findings()).as("others still trade: not a pause").noneMatch(f -> f.code() == TRANSFER_PAUSABLE);
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void ownerMintableWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("OwnerMintable"));
        assertThat(r.has(OWNER_MINT)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void mintWithOwnershipRenouncedIsAllowed(Devnet devnet) {
        setup(devnet);
        String token = chain.tokenWithPair("OwnerMintable");
        chain.call(token, "renounceOwnership()", "");
        ContractReport r = scan(devnet, token);
        assertThat(r.has(OWNER_MINT)).isFalse();
        assertThat(r.has(PRIVILEGE_RENOUNCED)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void pausableWarnsAndSaysWhenPausedNow(Devnet devnet) {
        setup(devnet);
        String token = chain.tokenWithPair("PausableToken");
        ContractReport r = scan(devnet, token);
        assertThat(r.has(TRANSFER_PAUSABLE)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
        chain.call(token, "pause()", "");
        ContractReport paused = scan(devnet, token);
        assertThat(paused.has(TRANSFERS_PAUSED_NOW)).isTrue();
        assertThat(paused.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void blacklistWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("BlacklistToken"));
        assertThat(r.has(BLACKLIST)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void sellBlockingHoneypotIsBlocked(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("HoneypotSellBlock"));
        assertThat(r.has(HONEYPOT_SELL_REVERTS)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
        assertThat(r.score()).isLessThanOrEqualTo(10);
    }

    @Test
    void whitelistOnlyIsBlockedBecauseNobodyElseCanBuy(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("WhitelistOnly"));
        assertThat(r.has(WHITELIST_ONLY)).isTrue();
        assertThat(r.has(CANNOT_BUY)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void ninetyNinePercentSellTaxIsMeasuredAndBlocked(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("FeeOnTransfer99"));
        assertThat(r.has(TAX_GE_50)).isTrue();
        assertThat(r.findings()).filteredOn(f -> f.code() == TAX_GE_50).first()
                .satisfies(f -> assertThat(f.evidence()).contains("sell 99.0 %"));
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void modifiableFeeWarnsEvenAtZeroToday(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("FeeModifiable"));
        assertThat(r.has(TAX_MODIFIABLE)).as(r.findings().toString()).isTrue();
        assertThat(r.has(SIMULATION_PASSED)).as(r.findings().toString()).isTrue();
        assertThat(r.verdict()).as(r.findings().toString()).isEqualTo(Verdict.WARN);
    }

    @Test
    void perAddressTaxWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("PersonalTax"));
        assertThat(r.has(PERSONAL_TAX_MODIFIABLE)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void cannotSellAllWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("CannotSellAll"));
        assertThat(r.has(CANNOT_SELL_ALL)).isTrue();
        assertThat(r.has(HONEYPOT_SELL_REVERTS)).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void cooldownIsFoundAndOnlyCostsALittle(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("CooldownToken"));
        assertThat(r.has(COOLDOWN)).isTrue();
        assertThat(r.has(HONEYPOT_SELL_REVERTS)).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
        assertThat(r.score()).isLessThan(90);
    }

    @Test
    void hiddenOwnerIsBlocked(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("HiddenOwner"));
        assertThat(r.has(HIDDEN_OWNER)).isTrue();
        assertThat(r.has(OWNER_MINT)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void fakeRenounceThatCanBeTakenBackWarns(Devnet devnet) {
        setup(devnet);
        String token = chain.tokenWithPair("TakeBackOwnership");
        chain.call(token, "lock()", "");
        ContractReport r = scan(devnet, token);
        assertThat(r.findings()).filteredOn(f -> f.code() == TAKE_BACK_OWNERSHIP).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("succeeds for the previous owner " + chain.owner));
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void balanceSetterIsBlocked(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.tokenWithPair("BalanceSetter"));
        assertThat(r.has(OWNER_SETS_BALANCES)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.BLOCK);
    }

    @Test
    void selfdestructWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.deploy("SelfDestructible", ""));
        assertThat(r.has(SELFDESTRUCT_REACHABLE)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void delegatecallOutsideAProxyWarns(Devnet devnet) {
        setup(devnet);
        ContractReport r = scan(devnet, chain.deploy("DelegateExecutor", ""));
        assertThat(r.has(DELEGATECALL_NON_PROXY)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void uupsProxyWithAnEoaOwnerWarnsAndNamesTheImplementation(Devnet devnet) {
        setup(devnet);
        String impl = chain.deploy("UupsBox", "");
        String init = Abi.selector("initialize(address)") + Abi.word(chain.owner);
        String proxy = chain.deploy("FixtureERC1967Proxy", Chain.addressAndBytes(impl, init));
        ContractReport r = scan(devnet, proxy);
        assertThat(r.implementations()).containsExactly(EvmAddress.of(impl));
        assertThat(r.has(UPGRADEABLE_EOA_ADMIN)).isTrue();
        assertThat(r.has(DELEGATECALL_NON_PROXY)).as("UUPS upgradeToAndCall's DELEGATECALL is expected").isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void transparentProxyBehindATwoDayTimelockIsAllowed(Devnet devnet) {
        setup(devnet);
        String timelock = chain.deploy("FixtureTimelock", Chain.timelockArgs(2 * 86_400, chain.owner));
        String box = chain.deploy("Box", "");
        String init = Abi.selector("initialize(uint256)") + Abi.word(BigInteger.valueOf(7));
        String proxy = chain.deploy("FixtureTransparentProxy", Abi.word(box) + Abi.word(timelock) + Abi.word(BigInteger.valueOf(96))
                + Chain.addressAndBytes(box, init).substring(128));
        ContractReport r = scan(devnet, proxy);
        assertThat(r.implementations()).containsExactly(EvmAddress.of(box));
        assertThat(r.findings()).filteredOn(f -> f.code() == UPGRADEABLE_TIMELOCK).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains(timelock).contains("172800 s"));
        assertThat(r.has(UPGRADEABLE_EOA_ADMIN)).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void beaconProxyResolvesThroughTheBeaconAndWarnsOnItsEoaOwner(Devnet devnet) {
        setup(devnet);
        String box = chain.deploy("Box", "");
        String beacon = chain.deploy("FixtureBeacon", Abi.word(box) + Abi.word(chain.owner));
        String init = Abi.selector("initialize(uint256)") + Abi.word(BigInteger.ONE);
        String proxy = chain.deploy("FixtureBeaconProxy", Chain.addressAndBytes(beacon, init));
        ContractReport r = scan(devnet, proxy);
        assertThat(r.implementations()).containsExactly(EvmAddress.of(box));
        assertThat(r.findings()).filteredOn(f -> f.code() == PROXY).anySatisfy(f -> assertThat(f.evidence()).contains(beacon));
        assertThat(r.has(UPGRADEABLE_EOA_ADMIN)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void diamondScoresItsFacetsAndItsCutter(Devnet devnet) {
        setup(devnet);
        String diamond = chain.deploy("MiniDiamond", "");
        String facet = chain.deploy("CounterFacet", "");
        String sel1 = Abi.strip(Abi.selector("increment()")) + "0".repeat(56);
        String sel2 = Abi.strip(Abi.selector("count()")) + "0".repeat(56);
        chain.call(diamond, "diamondCut(bytes4[],address)", Abi.word(BigInteger.valueOf(64)) + Abi.word(facet)
                + Abi.word(BigInteger.TWO) + sel1 + sel2);
        ContractReport r = scan(devnet, diamond);
        assertThat(r.has(DIAMOND)).isTrue();
        assertThat(r.implementations()).containsExactly(EvmAddress.of(facet));
        assertThat(r.has(UPGRADEABLE_EOA_ADMIN)).isTrue();
        assertThat(r.has(DELEGATECALL_NON_PROXY)).isFalse();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }

    @Test
    void eip1167CloneIsScoredAsItsFixedImplementation(Devnet devnet) {
        setup(devnet);
        String impl = chain.deploy("BenignToken", "");
        String factory = chain.deploy("CloneFactory", "");
        JsonNode receipt = chain.send(chain.owner, factory, Abi.selector("clone(address)") + Abi.word(impl), BigInteger.ZERO);
        String clone = Abi.addressFromWord(receipt.path("logs").get(0).path("data").asText()).orElseThrow();
        ContractReport r = scan(devnet, clone);
        assertThat(r.implementations()).containsExactly(EvmAddress.of(impl));
        assertThat(r.findings()).filteredOn(f -> f.code() == PROXY).singleElement()
                .satisfies(f -> assertThat(f.evidence()).contains("not upgradeable"));
        assertThat(r.findings()).noneMatch(f -> f.code().name().startsWith("UPGRADEABLE"));
        assertThat(r.verdict()).isEqualTo(Verdict.ALLOW);
    }

    @Test
    void ownerSetExternalFeeRouterWarns(Devnet devnet) {
        setup(devnet);
        String token = chain.tokenWithPair("ExternalFeeRouter");
        chain.call(token, "setFeeRouter(address)", Abi.word(chain.deploy("ZeroFeeRouter", "")));
        ContractReport r = scan(devnet, token);
        assertThat(r.has(EXTERNAL_CALL)).isTrue();
        assertThat(r.has(TAX_MODIFIABLE)).isTrue();
        assertThat(r.verdict()).isEqualTo(Verdict.WARN);
    }
}
