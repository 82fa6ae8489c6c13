package dev.bursar.registry.escrow;

/** Where a job stands, in the order of the contract's {@code Status} enum. */
public enum JobStatus {
    /** No such job. */
    NONE,
    /** Created and funded; waiting for the provider's result. */
    FUNDED,
    /** The provider submitted a result hash; waiting for the evaluator. */
    SUBMITTED,
    /** The evaluator accepted the result; the provider was paid. Final. */
    COMPLETED,
    /** The evaluator refused the job; the client was refunded. Final. */
    REJECTED,
    /** The deadline passed unsettled; the client was refunded. Final. */
    REFUNDED;

    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == REFUNDED;
    }
}
