package dev.bursar.l402.x402;

import dev.bursar.l402.client.L402Exception;

/** An x402 challenge or receipt that is not what the protocol defines (bad base64, bad JSON, missing fields): nothing was paid. */
public final class X402FormatException extends L402Exception {

    public X402FormatException(String message) {
        super(message);
    }

    public X402FormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
