package dev.bursar.runtime.api;

import dev.bursar.ranking.ContractReport;
import dev.bursar.ranking.Finding;
import dev.bursar.ranking.RankingException;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.wallet.value.EvmAddress;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * A contract's safety report without a chat: verdict, score, confidence and every finding with its evidence, from the
 * same ranking (and cache) the agents' guard uses before they pay. A person or a script reads it before trusting a
 * contract.
 */
@Path("/api/contracts")
@Produces(MediaType.APPLICATION_JSON)
public class ContractResource {

    @Inject
    AgentRegistry agents;

    /** One finding as the API shows it: what was found, how bad, the evidence and where it came from. */
    public record FindingView(String code, String severity, String evidence, String source, int penalty) {
        static FindingView of(Finding f) {
            return new FindingView(f.code().name(), f.severity().name(), f.evidence(), f.source(), f.penalty());
        }
    }

    /** A report as the API shows it. */
    public record ReportView(long chainId, String address, String verdict, int score, double confidence, long block,
                             List<String> implementations, List<FindingView> findings) {
        static ReportView of(ContractReport r) {
            return new ReportView(r.chainId(), r.address().value(), r.verdict().name(), r.score(), r.confidence(), r.blockNumber(),
                    r.implementations().stream().map(EvmAddress::value).toList(), r.findings().stream().map(FindingView::of).toList());
        }
    }

    @GET
    @Path("{chainId}/{address}")
    public ReportView report(@PathParam("chainId") long chainId, @PathParam("address") String address) {
        EvmAddress contract = EvmAddress.of(address);
        var ranking = agents.contractRanking(chainId).orElseThrow(() -> new NotFoundException(
                "no agent here scores contracts on chain " + chainId + ": give an agent on that chain the contracts plugin or a "
                        + "contract-safety policy"));
        try {
            return ReportView.of(ranking.report(contract));
        } catch (RankingException e) {
            throw new jakarta.ws.rs.WebApplicationException("the node of chain " + chainId + " could not be read: " + e.getMessage(), 502);
        }
    }
}
