package dev.bursar.wallet.journal;

import dev.bursar.wallet.WalletException;

/**
 * The journal could not be written or read; no payment proceeds without its journal entry.
 */
public class JournalException extends WalletException {

    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
