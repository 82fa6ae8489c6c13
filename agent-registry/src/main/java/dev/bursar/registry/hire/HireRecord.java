package dev.bursar.registry.hire;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One hire as the journal keeps it: enough to replay it after a crash (the order, the user's messages that grounded
 * it, the quote, the job) and what came of it.
 *
 * @param budgetToken {@code chainId:contract:symbol:decimals} of the budget's token
 * @param deadline    the job's deadline (set when the job is opened)
 */
public record HireRecord(String hireId, BigInteger agentId, String skill, String task, String budgetToken, BigInteger budgetUnits,
                         List<String> userMessages, Optional<Quote> quote, Optional<BigInteger> jobId, Optional<Instant> deadline,
                         HireState state, String result, String note, Optional<Long> feedbackIndex) {

    public HireRecord {
        Objects.requireNonNull(hireId, "hireId");
        Objects.requireNonNull(agentId, "agentId");
        userMessages = List.copyOf(userMessages);
        Objects.requireNonNull(state, "state");
        result = result == null ? "" : result;
        note = note == null ? "" : note;
    }

    HireRecord with(HireState state, String note) {
        return new HireRecord(hireId, agentId, skill, task, budgetToken, budgetUnits, userMessages, quote, jobId, deadline, state, result,
                note, feedbackIndex);
    }

    HireRecord quoted(Quote q) {
        return new HireRecord(hireId, agentId, skill, task, budgetToken, budgetUnits, userMessages, Optional.of(q), jobId, deadline,
                HireState.QUOTED, result, note, feedbackIndex);
    }

    HireRecord opened(BigInteger job, Instant until) {
        return new HireRecord(hireId, agentId, skill, task, budgetToken, budgetUnits, userMessages, quote, Optional.of(job),
                Optional.of(until), HireState.OPENED, result, note, feedbackIndex);
    }

    HireRecord finished(HireState end, String resultText, String why, Optional<Long> feedback) {
        return new HireRecord(hireId, agentId, skill, task, budgetToken, budgetUnits, userMessages, quote, jobId, deadline, end, resultText,
                why, feedback);
    }
}
