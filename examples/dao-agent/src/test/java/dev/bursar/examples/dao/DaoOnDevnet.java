package dev.bursar.examples.dao;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./bursar example dao-agent}: starts the devnet's anvil, deploys the devnet DAO, gives the agent its votes,
 * makes the three proposals, lets the agent simulate and vote by its mandate, and prints each vote with its reasoning.
 */
public final class DaoOnDevnet {

    private DaoOnDevnet() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("bursar-dao-agent-");
        try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM)) {
            DevnetDao dao = DevnetDao.deploy(devnet);
            System.out.println("DAO: token " + dao.token().value() + ", Governor (and treasury) " + dao.governor().value());
            try (DaoAgentSetup setup = new DaoAgentSetup(devnet, dao, dir)) {
                dao.fundAgent(setup.address);
                System.out.println("agent " + setup.address.value() + " holds 600,000 DDAO; mandate: " + DaoAgentSetup.MANDATE.text());
                setup.voter.delegateToSelf();
                dao.mine(1);
                dao.proposeTheUsualThree(dev.bursar.wallet.value.EvmAddress.of("0x90F79bf6EB2c4f870365E785982E1f101E93b906"),
                        dev.bursar.wallet.value.EvmAddress.of("0x000000000000000000000000000000000000dEaD"));
                dao.mine(2);
                DaoAgent agent = setup.agent(devnet.evm().chainId(), VoteAdvisor.rules(), "votes.jsonl");
                for (Proposal p : setup.governance.proposals()) {
                    System.out.println("#" + p.number() + " \"" + p.title() + "\" " + new CallDecoder().describe(p));
                }
                List<VoteRecord> votes = agent.voteOnOpenProposals();
                for (VoteRecord v : votes) {
                    System.out.println();
                    System.out.println("#" + v.number() + " \"" + v.title() + "\": " + v.choice() + " (tx " + v.txHash() + ")");
                    System.out.println("  " + v.reason());
                }
                dao.mine(12);
                System.out.println();
                for (Proposal p : setup.governance.proposals()) {
                    System.out.println("#" + p.number() + " is now " + setup.governance.state(p.id()) + "; " + setup.governance.tally(p.id()));
                }
            }
        }
    }
}
