package dev.bursar.wallet;

/**
 * An approval or rejection that cannot be taken: unknown id, another agent's payment, already decided, or expired.
 * Nothing was paid.
 */
public class ApprovalException extends WalletException {

    public ApprovalException(String message) {
        super(message);
    }
}
