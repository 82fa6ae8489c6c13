/** The ERC-8004 reputation registry: clients' signed fixed-point ratings of agents, and their summaries. */
package dev.bursar.registry.reputation;
