package dev.bursar.examples.dao;

/** OpenZeppelin Governor's proposal states, in the order {@code state(uint256)} returns them. */
public enum ProposalState {
    PENDING, ACTIVE, CANCELED, DEFEATED, SUCCEEDED, QUEUED, EXPIRED, EXECUTED
}
