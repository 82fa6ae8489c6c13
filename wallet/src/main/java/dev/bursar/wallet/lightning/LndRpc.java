package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PeerUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.lightningj.lnd.wrapper.StatusException;

import java.time.Duration;
import java.util.Locale;

/**
 * Runs calls against one LND node: retries the ones that may be retried while the node is unreachable (bounded, with
 * doubling backoff) and turns gRPC failures into the wallet's typed exceptions.
 */
final class LndRpc {

    /** One call to LND, through lightningj's wrapper or the raw stub. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    private final String endpoint;
    private final int attempts;
    private final Duration initialBackoff;

    LndRpc(String endpoint, int attempts, Duration initialBackoff) {
        if (attempts < 1) {
            throw new InvalidInputException("retry attempts must be at least 1, got " + attempts);
        }
        this.endpoint = endpoint;
        this.attempts = attempts;
        this.initialBackoff = initialBackoff;
    }

    /** Runs an idempotent call, retrying while LND is unreachable. */
    <T> T call(String method, String permission, Call<T> call) {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                Status status = statusOf(e);
                if (!isUnreachable(status) || attempt >= attempts) {
                    throw translate(method, permission, e, attempt);
                }
            }
            sleep(backoff);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** Runs a call exactly once (a payment must not be re-sent blindly). */
    <T> T once(String method, String permission, Call<T> call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw translate(method, permission, e, 1);
        }
    }

    /** The wallet exception for a failed call: unreachable, permission, bad input, or another LND error. */
    RuntimeException translate(String method, String permission, Exception e, int attemptsMade) {
        if (e instanceof RuntimeException r && !(e instanceof StatusRuntimeException)) {
            return r;
        }
        Status status = statusOf(e);
        String reason = status == null ? e.getClass().getSimpleName() + ": " + e.getMessage() : describe(status);
        if (status != null && isUnreachable(status)) {
            return new PeerUnavailableException("LND at " + endpoint + " did not answer " + method + " after " + attemptsMade
                    + " attempt(s) (" + reason + "); check that lnd is running and its gRPC port is " + endpoint, e);
        }
        if (status != null && isPermission(status)) {
            return new LndPermissionException("LND at " + endpoint + " refused " + method + ": the macaroon lacks "
                    + permission + " (" + reason + "); bake one with 'lncli bakemacaroon " + LndConnection.AGENT_PERMISSIONS
                    + "'", e);
        }
        if (status != null && status.getCode() == Status.Code.INVALID_ARGUMENT) {
            return new InvalidInputException("LND rejected " + method + ": " + reason, e);
        }
        return new LndException("LND at " + endpoint + " failed " + method + ": " + reason, e);
    }

    static Status statusOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusException s && s.getStatus() != null) {
                return s.getStatus();
            }
            if (t instanceof StatusRuntimeException s) {
                return s.getStatus();
            }
            if (t instanceof io.grpc.StatusException s) {
                return s.getStatus();
            }
        }
        return null;
    }

    static boolean isUnreachable(Status status) {
        return status != null && (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED);
    }

    static boolean isPermission(Status status) {
        String d = description(status);
        return status.getCode() == Status.Code.PERMISSION_DENIED || status.getCode() == Status.Code.UNAUTHENTICATED
                || d.contains("permission denied") || d.contains("verification failed") || d.contains("cannot get macaroon");
    }

    static String description(Status status) {
        return status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
    }

    private static String describe(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new PeerUnavailableException("interrupted while waiting to retry LND", ie);
        }
    }
}
