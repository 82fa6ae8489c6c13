package dev.bursar.tools.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.ContractReport;
import dev.bursar.ranking.Finding;
import dev.bursar.ranking.RankingException;
import dev.bursar.ranking.Severity;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.BursarTool;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCall;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.value.EvmAddress;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The contract tools: {@code check_contract} returns the safety report of an EVM contract (score, verdict, confidence,
 * findings with evidence) from the agent's {@link ContractRanking}, cached, so an agent can look before it transacts.
 * It only reads; whether a payment may go ahead is still decided by the wallet's policy and its guard.
 */
public final class ContractPlugin implements BursarPlugin {

    public static final String ID = "contracts";

    private static final JsonRawSchema ADDRESS = JsonRawSchema.from("""
            {"type": "string", "description": "the contract's 0x address", "minLength": 42, "maxLength": 42,
             "pattern": "^0x[0-9a-fA-F]{40}$"}""");
    private static final int TOP_FINDINGS = 3;
    private static final int LISTED_FINDINGS = 8;
    /** A node URL's user info, path and query may hold a provider's API key: only scheme, host and port reach the model. */
    private static final Pattern NODE_URL = Pattern.compile("(https?://)(?:[^@/\\s]*@)?([^/\\s@),;]+)[^\\s),;]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public java.util.Set<Permission> permissions() {
        return java.util.Set.of(Permission.CONTRACT_READ);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<BursarTool> tools(AgentContext context) {
        return List.of(BursarTool.of(ToolSpecification.builder().name("check_contract")
                        .description("Check how safe an EVM contract (a token, a dApp) is before sending it money or approving it: "
                                + "score 0-100, verdict ALLOW/WARN/BLOCK and the findings behind it.")
                        .parameters(JsonObjectSchema.builder().addProperty("address", ADDRESS).required("address")
                                .additionalProperties(false).build())
                        .build(),
                Set.of(Permission.CONTRACT_READ), call -> check(context, call)));
    }

    private static String check(AgentContext context, ToolCall call) {
        EvmAddress address = EvmAddress.of(call.arguments().get("address").asText());
        ContractRanking ranking = context.contracts().orElseThrow(() -> new InvalidInputException(
                "this agent has no EVM chain to check contracts on: give it an EVM wallet"));
        ContractReport report;
        try {
            report = ranking.report(address);
        } catch (RankingException e) {
            throw new PeerUnavailableException("could not check contract " + address + ": " + redact(e.getMessage()), null);
        }
        return json(report).toString();
    }

    static ObjectNode json(ContractReport r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("address", r.address().value());
        out.put("chain_id", r.chainId());
        out.put("score", r.score());
        out.put("verdict", r.verdict().name());
        out.put("confidence", Math.round(r.confidence() * 100) / 100.0);
        out.put("block", r.blockNumber());
        ArrayNode impls = out.putArray("implementations");
        r.implementations().forEach(a -> impls.add(a.value()));
        ArrayNode findings = out.putArray("findings");
        for (Finding f : r.topFindings(LISTED_FINDINGS)) {
            ObjectNode n = findings.addObject();
            n.put("code", f.code().name());
            n.put("severity", f.severity().name());
            n.put("penalty", f.penalty());
            n.put("evidence", redact(f.evidence()));
            n.put("source", f.source());
        }
        out.put("summary", summary(r));
        return out;
    }

    /** A sentence a person understands: what to do, the score and how sure it is, and the worst findings with evidence. */
    static String summary(ContractReport r) {
        String advice = switch (r.verdict()) {
            case ALLOW -> "looks safe to transact with";
            case WARN -> "is risky: a person should confirm before any payment to it";
            case BLOCK -> "should not be used: payments to it are refused";
        };
        String top = r.topFindings(TOP_FINDINGS).stream()
                .filter(f -> f.penalty() > 0 || f.severity().compareTo(Severity.INFO) > 0)
                .map(f -> f.code().name() + " (" + redact(f.evidence()) + ")")
                .collect(Collectors.joining("; "));
        return "Contract " + r.address() + " on chain " + r.chainId() + " " + advice + ": score " + r.score() + "/100, "
                + r.verdict() + ", confidence " + Math.round(r.confidence() * 100) + "%. "
                + (top.isEmpty() ? "No problems found." : "Top findings: " + top + ".");
    }

    private static String redact(String text) {
        return text == null ? "" : NODE_URL.matcher(text).replaceAll("$1$2");
    }
}
