package dev.bursar.wallet.lightning;

import io.grpc.Status;

/**
 * What a gRPC error from SendPaymentV2 says about the payment. Only LND's own answers are definite: a refusal before
 * the payment started (nothing left the node), a duplicate of an earlier payment, or a missing permission. An error
 * of the transport or of the call itself (cancelled, deadline exceeded, node unavailable, internal) says nothing
 * about the payment, which may be in flight: the wallet then asks the router for the payment hash instead of calling
 * it failed.
 */
final class SendPaymentErrors {

    /** The classes of SendPaymentV2 errors. */
    enum Kind {
        /** LND already has a payment for this hash (paid, in flight): its record is the outcome. */
        DUPLICATE,
        /** The macaroon may not send: nothing was sent. */
        PERMISSION,
        /** The call broke off (cancelled, deadline, unavailable, internal, ...): the payment may be in flight. */
        UNCERTAIN,
        /** LND refused the request before starting the payment (bad invoice, expired, self-payment, ...). */
        REFUSED
    }

    private SendPaymentErrors() {
    }

    static Kind classify(Status status) {
        String text = LndRpc.description(status);
        if (status.getCode() == Status.Code.ALREADY_EXISTS || text.contains("already paid") || text.contains("in flight")
                || text.contains("in transition") || text.contains("already exists") || text.contains("already succeeded")) {
            return Kind.DUPLICATE;
        }
        if (LndRpc.isPermission(status)) {
            return Kind.PERMISSION;
        }
        return switch (status.getCode()) {
            case CANCELLED, DEADLINE_EXCEEDED, UNAVAILABLE, INTERNAL, ABORTED, RESOURCE_EXHAUSTED, DATA_LOSS -> Kind.UNCERTAIN;
            // LND answers its own validation errors as UNKNOWN (a plain Go error) or with a specific code.
            default -> Kind.REFUSED;
        };
    }
}
