package dev.bursar.examples.dao;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DAO agent's whole lifecycle on anvil ({@link DevnetDao}): the agent's wallet delegates its 600,000 votes to
 * itself through the guarded wallet, three proposals are made (a 100 dUSD grant, a voting-period change, and one that
 * sends the whole dUSD treasury to a fresh address under the harmless description "Routine treasury housekeeping"),
 * blocks are mined past the voting delay, the agent simulates each proposal on a fork and votes by its mandate (no
 * proposal may move more than 5 % of a treasury holding), a fourth proposal (an unlimited allowance, described as a
 * payments module) is refused to an advisor that says yes to everything, blocks are mined past the period, and the
 * Governor's states and tallies must match the agent's votes.
 */
@WithDevnet({Component.EVM})
class DaoLifecycleIT {

    @TempDir
    Path dir;

    @Test
    void theAgentVotesForTheGrantAndAgainstTheTreasuryDrainCaughtBySimulation(Devnet devnet) throws Exception {
        DevnetDao dao = DevnetDao.deploy(devnet);
        try (DaoAgentSetup setup = new DaoAgentSetup(devnet, dao, dir)) {
            dao.fundAgent(setup.address);
            DaoAgent agent = setup.agent(devnet.evm().chainId(), VoteAdvisor.rules(), "votes.jsonl");
            Governance governance = setup.governance;

            setup.voter.delegateToSelf();
            assertThat(governance.delegateOf(setup.address)).isEqualTo(setup.address);
            dao.mine(1);
            EvmAddress thief = EvmAddress.of("0x000000000000000000000000000000000000dEaD");
            dao.proposeTheUsualThree(EvmAddress.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906"), thief);
            dao.mine(2);

            List<Proposal> proposals = governance.proposals();
            assertThat(proposals).extracting(Proposal::number).containsExactly(1, 2, 3);
            assertThat(proposals).allMatch(p -> governance.state(p.id()) == ProposalState.ACTIVE);

            assertThat(agent.review(proposals.get(2)).calls()).as("what proposal 3 says it calls").singleElement().asString()
                    .startsWith("call 1: transfer(to=" + thief.value() + ", amount=10000000000) on " + dao.dusd().value());
            List<VoteRecord> votes = agent.voteOnOpenProposals();
            assertThat(votes).as(votes.toString()).extracting(VoteRecord::choice)
                    .containsExactly(VoteChoice.FOR, VoteChoice.FOR, VoteChoice.AGAINST);
            assertThat(votes.get(2).reason()).as("caught by what the simulation showed, not by its description")
                    .contains("moves 100% of a treasury holding").contains("from the treasury to " + thief.value());
            assertThat(votes.get(0).reason()).contains("falls by 1%");
            assertThat(votes.get(0).evidence()).as("every target gets a safety report before the vote")
                    .anyMatch(e -> e.startsWith("target " + dao.dusd().value() + " has a safety score of "));
            assertThat(agent.voteOnOpenProposals()).as("each proposal gets one vote").isEmpty();
            assertThat(agent.explain(3).orElseThrow().choice()).isEqualTo(VoteChoice.AGAINST);
            assertThat(agent.explain(3).orElseThrow().evidence()).anyMatch(e -> e.contains("falls by 100%"));
            assertThat(setup.ledger.entriesOf("dao-agent")).as("delegation and three votes, each journaled").hasSize(4)
                    .extracting(LedgerEntry::state).containsOnly(EntryState.SUCCEEDED);
            assertThat(governance.executor()).as("without a timelock the Governor executes").isEqualTo(dao.governor());
            assertThat(dao.dusdOf(dao.treasury())).as("the simulation left the real treasury alone").isEqualTo(dao.treasuryDusd());

            EvmAddress spender = EvmAddress.of("0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65");
            dao.propose(dao.dusd(), "0x095ea7b3" + Numeric.cleanHexPrefix(Governance.address(spender)) + "f".repeat(64),
                    "Enable the new payments module");
            dao.mine(2);
            BigInteger fourth = governance.proposal(4).orElseThrow().id();
            DaoAgent yesMan = setup.agent(devnet.evm().chainId(), (p, e, m, v) -> new VoteAdvisor.Advice(VoteChoice.FOR, "looks fine"),
                    "yes-man.jsonl");
            assertThatThrownBy(yesMan::voteOnOpenProposals).isInstanceOf(GovernanceException.class)
                    .hasMessageContaining("proposal 4").hasMessageContaining("unlimited allowance").hasMessageContaining("no vote was cast");
            assertThat(governance.hasVoted(fourth, setup.address)).isFalse();
            List<VoteRecord> fourthVote = agent.voteOnOpenProposals();
            assertThat(fourthVote).extracting(VoteRecord::choice).containsExactly(VoteChoice.AGAINST);
            assertThat(fourthVote.get(0).reason()).contains("unlimited allowance").contains(spender.value());

            dao.mine(12);
            BigInteger weight = BigInteger.valueOf(600_000).multiply(DevnetDao.E18);
            assertThat(governance.state(proposals.get(0).id())).isEqualTo(ProposalState.SUCCEEDED);
            assertThat(governance.state(proposals.get(1).id())).isEqualTo(ProposalState.SUCCEEDED);
            assertThat(governance.state(proposals.get(2).id())).isEqualTo(ProposalState.DEFEATED);
            assertThat(governance.state(fourth)).isEqualTo(ProposalState.DEFEATED);
            assertThat(governance.tally(proposals.get(0).id())).isEqualTo(new Tally(BigInteger.ZERO, weight, BigInteger.ZERO));
            assertThat(governance.tally(proposals.get(2).id())).isEqualTo(new Tally(weight, BigInteger.ZERO, BigInteger.ZERO));
        }
    }
}
