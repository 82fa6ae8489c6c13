package dev.bursar.l402.macaroon;

import dev.bursar.wallet.InvalidInputException;

/**
 * A macaroon or L402 identifier that is not well formed (bad base64, bad V2 packet, wrong identifier layout).
 */
public class MacaroonFormatException extends InvalidInputException {

    public MacaroonFormatException(String message) {
        super(message);
    }
}
