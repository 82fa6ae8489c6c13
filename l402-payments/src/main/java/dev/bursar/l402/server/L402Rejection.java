package dev.bursar.l402.server;

/**
 * Why a request's L402 credential was not accepted, with the HTTP status to answer: 401 for a credential that is
 * wrong (tampered, wrong preimage, other service, revoked), 402 for one that must be paid again (expired).
 */
public final class L402Rejection extends RuntimeException {

    private final int status;

    public L402Rejection(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
