package dev.bursar.l402.header;

import dev.bursar.l402.macaroon.Macaroon;

/**
 * One L402 (or legacy LSAT) challenge from a 402 response: the macaroon to pay for and the BOLT11 invoice to pay.
 *
 * @param scheme the scheme as sent ("L402" or "LSAT", any case)
 */
public record L402Challenge(String scheme, Macaroon macaroon, String invoice) {
}
