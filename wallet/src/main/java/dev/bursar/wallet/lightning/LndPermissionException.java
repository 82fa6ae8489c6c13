package dev.bursar.wallet.lightning;

/**
 * LND refused a call because the connection's macaroon lacks the permission (for example a read-only macaroon asked
 * to pay); nothing was done. Bake a macaroon with the permission named in the message.
 */
public final class LndPermissionException extends LndException {

    public LndPermissionException(String message, Throwable cause) {
        super(message, cause);
    }
}
