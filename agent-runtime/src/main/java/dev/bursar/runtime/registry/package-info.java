/**
 * The runtime's part in the on-chain agent registry: the discovery index it keeps current, each hiring agent's
 * {@link dev.bursar.registry.hire.Hirer}, and each published agent's A2A server with its priced skills
 * ({@link dev.bursar.runtime.registry.AgentNetwork}).
 */
package dev.bursar.runtime.registry;
