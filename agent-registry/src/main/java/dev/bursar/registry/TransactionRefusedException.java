package dev.bursar.registry;

import dev.bursar.wallet.journal.EntryState;

/**
 * The guarded wallet did not send the transaction: its policy denied it, a person rejected it, its approval expired,
 * or it waits for a person's approval ({@link #awaitingApproval()}). Nothing was sent.
 */
public final class TransactionRefusedException extends RegistryException {

    private final String entryId;
    private final EntryState state;

    public TransactionRefusedException(String entryId, EntryState state, String message) {
        super(message);
        this.entryId = entryId;
        this.state = state;
    }

    /** The spend journal's entry for the refused transaction. */
    public String entryId() {
        return entryId;
    }

    public EntryState state() {
        return state;
    }

    /**
     * Whether a person may still approve it: once approved through {@code GuardedWallet.approve(entryId, ...)}, its
     * result is read with {@link GuardedTransactionSender#resume(String)}.
     */
    public boolean awaitingApproval() {
        return state == EntryState.AWAITING_APPROVAL;
    }
}
