/**
 * Java clients of the on-chain agent registry: the ERC-8004 identity and reputation registries and the job escrow.
 * Reads are plain {@code eth_call}s; every transaction is simulated first (so a refusal by the contract becomes a
 * {@link dev.bursar.registry.ContractRevertedException} naming the contract's error) and then sent through a
 * {@link dev.bursar.registry.TransactionSender}, normally {@link dev.bursar.registry.GuardedTransactionSender}: the
 * guarded wallet's policy and journal see every registry call and every token approval. Finding agents to hire is
 * {@link dev.bursar.registry.discovery}: an index built from the registries' events.
 */
package dev.bursar.registry;
