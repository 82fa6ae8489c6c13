package dev.bursar.registry;

/**
 * The transaction was sent but is not final yet (no receipt within the wallet's timeout). Do not send it again: the
 * guarded wallet's {@code reconcile()} resolves it, then {@link GuardedTransactionSender#resume(String)} reads it.
 */
public final class TransactionPendingException extends RegistryException {

    private final String entryId;

    public TransactionPendingException(String entryId, String message) {
        super(message);
        this.entryId = entryId;
    }

    /** The spend journal's entry for the pending transaction. */
    public String entryId() {
        return entryId;
    }
}
