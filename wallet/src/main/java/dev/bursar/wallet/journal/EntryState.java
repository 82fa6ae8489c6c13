package dev.bursar.wallet.journal;

/**
 * Where one journaled intent stands.
 */
public enum EntryState {
    /** Policy refused it; nothing was signed. Final. */
    DENIED,
    /** Waiting for a person to approve or reject it. */
    AWAITING_APPROVAL,
    /** A person rejected it. Final. */
    REJECTED,
    /** Nobody decided before the approval lapsed. Final. */
    EXPIRED,
    /** Allowed or approved, not yet prepared. */
    AUTHORIZED,
    /** Prepared and journaled; it may have left the process. Reconciliation resolves it after a crash. */
    PREPARED,
    /** Settled. Final. */
    SUCCEEDED,
    /** Did not move value. Final. */
    FAILED;

    public boolean isFinal() {
        return this == DENIED || this == REJECTED || this == EXPIRED || this == SUCCEEDED || this == FAILED;
    }

    /** Whether the entry's amount counts against budgets and rate limits. */
    public boolean isCommitted() {
        return this == AUTHORIZED || this == PREPARED || this == SUCCEEDED;
    }
}
