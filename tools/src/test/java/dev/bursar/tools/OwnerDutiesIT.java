package dev.bursar.tools;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The owner's duties on anvil: a declared value-neutral call (WETH9's {@code deposit()} with no value) goes through the
 * guarded wallet once per work key, anything the owner did not declare (another function, another contract, another
 * duty) is refused before the journal, and a plugin only gets the duties when its agent grants {@code wallet:duty}.
 */
@WithDevnet({Component.EVM})
class OwnerDutiesIT {

    private static final String DEPOSIT = "0xd0e30db0";
    private static final String WITHDRAW_ONE = "0x2e1a7d4d" + "0".repeat(63) + "1";

    @TempDir
    Path dir;

    @Test
    void onlyTheDeclaredCallsAreMadeAndEachWorkKeyOnce(Devnet devnet) throws Exception {
        EvmAddress weth = EvmAddress.of(devnet.contracts().get("WETH9"));
        EvmAddress dusd = EvmAddress.of(devnet.contracts().get("DevToken"));
        EvmWallet rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromPrivateKey(devnet.evm().accounts().get(7).privateKey())).build();
        Asset eth = rail.nativeCoin();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            GuardedWallet guarded = GuardedWallet.builder().agentId("a1").wallet(rail).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(eth, "0.01")).allowContracts(weth, dusd)
                            .declareCalls(weth, DEPOSIT).bindToUserWords(IntentBindingRule.Mode.DENY).build())
                    .build();
            OwnerDuties duties = new OwnerDuties(guarded, rail, List.of(new OwnerDuties.Duty("wrap", "keep the WETH contract warm",
                    Map.of(weth, List.of(DEPOSIT)))));

            SpendResult first = duties.call("wrap", "job-1", weth, DEPOSIT, "warm up");
            assertThat(first.state()).as(first.message()).isEqualTo(EntryState.SUCCEEDED);
            assertThat(first.outcome().orElseThrow().reference()).startsWith("0x");
            SpendResult again = duties.call("wrap", "job-1", weth, DEPOSIT, "warm up");
            assertThat(again.entryId()).as("the same work key is the same transaction").isEqualTo(first.entryId());
            assertThat(ledger.entriesOf("a1")).hasSize(1);

            assertThatThrownBy(() -> duties.call("wrap", "job-2", weth, WITHDRAW_ONE, "take it out"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("may call only [" + DEPOSIT + "]");
            assertThatThrownBy(() -> duties.call("wrap", "job-3", dusd, DEPOSIT, "elsewhere"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("may not call " + dusd.value());
            assertThatThrownBy(() -> duties.call("vote", "job-4", weth, DEPOSIT, "another duty"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("no duty 'vote'").hasMessageContaining("declared: wrap");
            assertThatThrownBy(() -> duties.call("wrap", "a key with spaces", weth, DEPOSIT, "bad key"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("work key");
            assertThat(ledger.entriesOf("a1")).as("nothing undeclared reached the journal").hasSize(1);

            AgentContext host = new AgentContext("a1", new AgentWallet(guarded, ConversationWords.none()), List.of(eth), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Optional.of(duties));
            assertThat(host.forPlugin("acme-x", Set.of(Permission.WALLET_READ), Map.of()).duties()).isEmpty();
            OwnerDuties granted = host.forPlugin("acme-x", Set.of(Permission.WALLET_DUTY), Map.of()).duties().orElseThrow();
            SpendResult byPlugin = granted.call("wrap", "job-1", weth, DEPOSIT, "warm up");
            assertThat(byPlugin.entryId()).as("each plugin's work keys are its own").isNotEqualTo(first.entryId());
            assertThat(byPlugin.state()).isEqualTo(EntryState.SUCCEEDED);
        }
    }
}
