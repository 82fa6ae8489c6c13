package dev.bursar.examples.dao;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timelocked DAO ({@link DevnetDao#deployTimelocked}): passed proposals run from a TimelockController, which holds
 * the treasury. The agent finds the executor itself, simulates as the timelock, votes for a grant and against a drain of
 * the timelock's dUSD, and the Governor counts both votes.
 */
@WithDevnet({Component.EVM})
class TimelockedDaoIT {

    @TempDir
    Path dir;

    @Test
    void theAgentSimulatesAsTheTimelockThatHoldsTheTreasury(Devnet devnet) throws Exception {
        DevnetDao dao = DevnetDao.deployTimelocked(devnet);
        try (DaoAgentSetup setup = new DaoAgentSetup(devnet, dao, dir)) {
            dao.fundAgent(setup.address);
            assertThat(setup.governance.executor()).isEqualTo(dao.treasury()).isNotEqualTo(dao.governor());
            DaoAgent agent = setup.agent(devnet.evm().chainId(), VoteAdvisor.rules(), "votes.jsonl");
            setup.voter.delegateToSelf();
            dao.mine(1);
            EvmAddress thief = EvmAddress.of("0x000000000000000000000000000000000000dEaD");
            dao.propose(dao.dusd(), DevnetDao.transfer("0x90F79bf6EB2c4f870365E785982E1f101E93b906", BigInteger.valueOf(100_000_000L)),
                    "Grant: 100 dUSD to the docs team");
            dao.propose(dao.dusd(), DevnetDao.transfer(thief.value(), dao.treasuryDusd()), "Routine treasury housekeeping");
            dao.mine(2);

            List<VoteRecord> votes = agent.voteOnOpenProposals();
            assertThat(votes).as(votes.toString()).extracting(VoteRecord::choice).containsExactly(VoteChoice.FOR, VoteChoice.AGAINST);
            assertThat(votes.get(1).reason()).contains("moves 100% of a treasury holding").contains("to " + thief.value());
            dao.mine(12);
            Governance governance = setup.governance;
            BigInteger weight = BigInteger.valueOf(600_000).multiply(DevnetDao.E18);
            assertThat(governance.state(votes.get(0).proposalId())).isEqualTo(ProposalState.SUCCEEDED);
            assertThat(governance.state(votes.get(1).proposalId())).isEqualTo(ProposalState.DEFEATED);
            assertThat(governance.tally(votes.get(1).proposalId())).isEqualTo(new Tally(weight, BigInteger.ZERO, BigInteger.ZERO));
            assertThat(dao.dusdOf(dao.treasury())).isEqualTo(dao.treasuryDusd());
        }
    }
}
