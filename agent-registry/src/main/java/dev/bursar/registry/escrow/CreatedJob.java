package dev.bursar.registry.escrow;

import dev.bursar.registry.SentTransaction;

import java.math.BigInteger;

/** A job just created: its id, and the approval and creation transactions that funded it. */
public record CreatedJob(BigInteger id, SentTransaction approval, SentTransaction creation) {
}
