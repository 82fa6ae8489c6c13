package dev.bursar.examples.dao;

import dev.bursar.devnet.Devnet;
import dev.bursar.ranking.AnvilForks;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.ContractScanner;
import dev.bursar.ranking.NodeClient;
import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.policy.rules.IntentBindingRule;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The DAO agent put together from Bursar's parts on the devnet: a fresh keystore, an EVM wallet behind a guarded
 * wallet (fee cap 0.01 ETH, intents bound, only the Governor and token callable, their voting calls declared), a
 * journal, the proposal simulator on a local anvil fork, the mandate and the rule advisor.
 */
final class DaoAgentSetup implements AutoCloseable {

    static final Mandate MANDATE = new Mandate("Vote against any proposal that moves more than 5% of the treasury, changes ownership,"
            + " grants unlimited allowances or upgrades a contract; abstain when the simulation fails.", 500, true, true, true);

    final EvmAddress address;
    final SpendLedger ledger;
    final AnvilForks forks;
    final Governance governance;
    final GovernanceVoter voter;
    final NodeClient node;
    final Asset.Erc20Token dusd;
    final ContractRanking ranking;
    private final Web3j web3j;
    private final Path dir;

    DaoAgentSetup(Devnet devnet, DevnetDao dao, Path dir) throws IOException {
        this.dir = dir;
        Path password = dir.resolve("password");
        Files.writeString(password, "dao-agent-" + System.nanoTime());
        Path keystore = EvmKeys.createKeystore(Files.createDirectories(dir.resolve("wallet")), SecretSource.file(password));
        this.address = EvmKeys.fromKeystore(keystore, SecretSource.file(password)).address();
        this.web3j = Web3j.build(new HttpService(devnet.evm().rpcUrl().toString()));
        EvmWallet rail = EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId())
                .keys(EvmKeys.fromKeystore(keystore, SecretSource.file(password))).build();
        this.dusd = rail.token(dao.dusd());
        this.ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")));
        this.forks = AnvilForks.builder(devnet.npm().anvil()).maxForks(1).build();
        GuardedWallet wallet = GuardedWallet.builder().agentId("dao-agent").wallet(rail).ledger(ledger)
                .policy(GovernanceVoter.declare(PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "0.01"))
                        .bindToUserWords(IntentBindingRule.Mode.DENY), dao.governor(), dao.token()).build())
                .build();
        this.voter = new GovernanceVoter(new GuardedTransactionSender(wallet, rail, web3j), dao.governor(), dao.token());
        this.node = NodeClient.of(devnet.evm().rpcUrl());
        this.governance = new Governance(node, dao.governor(), dao.token());
        this.ranking = new ContractRanking(ContractScanner.builder(node).build(), devnet.evm().chainId());
    }

    DaoAgent agent(long chainId, VoteAdvisor advisor, String journal) {
        return new DaoAgent(governance, new ProposalSimulator(node, forks, chainId, governance.executor(), List.of(dusd)), MANDATE, advisor,
                voter, new VoteJournal(dir.resolve(journal)), Clock.systemUTC(), java.util.Optional.of(ranking));
    }

    @Override
    public void close() {
        ranking.close();
        forks.close();
        ledger.close();
        web3j.shutdown();
    }
}
