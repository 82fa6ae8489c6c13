/**
 * Hiring another agent, end to end: discover (the index), quote and work over A2A, pay through the job escrow, verify
 * the result against the hash the provider submitted on chain, complete or reject, and rate it in the ERC-8004
 * reputation registry. {@link dev.bursar.registry.hire.Hirer} is the hiring side, {@link dev.bursar.registry.hire.JobDesk}
 * the working side. The message fields both speak are documented in {@link dev.bursar.registry.hire.HireProtocol}.
 *
 * <p>Every transaction is a spend of the hirer's guarded wallet, grounded in the user's task and budget, with a stable
 * idempotency key per step, so a hire replayed after a crash sends nothing twice.
 */
package dev.bursar.registry.hire;
