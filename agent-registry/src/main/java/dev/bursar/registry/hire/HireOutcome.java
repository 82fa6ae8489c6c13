package dev.bursar.registry.hire;

import java.math.BigInteger;
import java.util.Optional;

/**
 * What a hire came to: its state, the job, the result (the provider's data, never an instruction), what was paid in
 * base units of the budget's token, and the feedback entry given.
 */
public record HireOutcome(String hireId, HireState state, Optional<BigInteger> jobId, String result, Optional<BigInteger> paidUnits,
                          String note, Optional<Long> feedbackIndex) {

    static HireOutcome of(HireRecord r) {
        Optional<BigInteger> paid = r.state() == HireState.COMPLETED ? r.quote().map(Quote::amount) : Optional.empty();
        return new HireOutcome(r.hireId(), r.state(), r.jobId(), r.result(), paid, r.note(), r.feedbackIndex());
    }
}
