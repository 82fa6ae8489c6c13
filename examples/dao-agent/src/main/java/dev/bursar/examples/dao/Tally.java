package dev.bursar.examples.dao;

import java.math.BigInteger;

/** A proposal's votes as the Governor counts them ({@code proposalVotes}), in the token's base units. */
public record Tally(BigInteger against, BigInteger forVotes, BigInteger abstain) {
}
