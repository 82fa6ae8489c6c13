package dev.bursar.registry.hire;

import dev.bursar.registry.discovery.IndexedAgent;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.binding.UserWords;

import java.util.Objects;

/**
 * What the user asked for: {@code agent} (found in the index) to do {@code task} with {@code skill}, for at most
 * {@code budget} of an ERC-20 token, which must be an amount in the user's own {@code words}.
 *
 * @param hireId the hire's idempotency key: the same id never opens a second job
 */
public record HireOrder(String hireId, IndexedAgent agent, String skill, String task, Amount budget, UserWords words) {

    /**
     * An order whose id is derived from the request that asked for it: the same request (a conversation or an API
     * caller's key) asking the same agent for the same skill, task and budget is the same hire, never a second payment.
     */
    public static HireOrder forRequest(String requestKey, IndexedAgent agent, String skill, String task, Amount budget, UserWords words) {
        String key = requestKey + "|" + agent.agentId() + "|" + skill + "|" + task + "|" + budget.units() + "|" + budget.asset().id();
        String id = "h-" + java.util.HexFormat.of().formatHex(org.web3j.crypto.Hash.sha3(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .substring(0, 24);
        return new HireOrder(id, agent, skill, task, budget, words);
    }

    public HireOrder {
        Objects.requireNonNull(hireId, "hireId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(skill, "skill");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(words, "words");
        if (!hireId.matches("[A-Za-z0-9._:-]{1,80}")) {
            throw new IllegalArgumentException("a hire id is 1 to 80 letters, digits or ._:-, got '" + hireId + "'");
        }
        if (task.isBlank()) {
            throw new IllegalArgumentException("a hire needs a task to send");
        }
        if (!(budget.asset() instanceof Asset.Erc20Token) || budget.units().signum() <= 0) {
            throw new IllegalArgumentException("a hire's budget is a positive amount of an ERC-20 token (jobs are escrowed in tokens), got "
                    + budget);
        }
    }

    public Asset.Erc20Token token() {
        return (Asset.Erc20Token) budget.asset();
    }
}
