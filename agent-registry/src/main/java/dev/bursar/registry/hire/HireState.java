package dev.bursar.registry.hire;

/** Where a hire stands. */
public enum HireState {
    /** Quoted and journaled; no job opened yet. */
    QUOTED,
    /** The job is funded in escrow; the result is awaited (the refund is claimable after the deadline). */
    OPENED,
    /** A payment step waits for a person's approval in the guarded wallet; run the hire again once decided. */
    HELD,
    /** The result matched the submitted hash; the job was completed (the provider paid) and rated. Final. */
    COMPLETED,
    /** The provider refused or delivered a result that failed verification; the job was rejected and refunded. Final. */
    REJECTED,
    /** The deadline passed without a completed job; the funds were claimed back. Final. */
    REFUNDED;

    public boolean isFinal() {
        return this == COMPLETED || this == REJECTED || this == REFUNDED;
    }
}
