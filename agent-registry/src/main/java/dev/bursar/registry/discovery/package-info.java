/**
 * Discovery: an index of the agents registered in an ERC-8004 identity registry. {@link
 * dev.bursar.registry.discovery.RegistryIndexer} follows the registry's events in bounded block ranges (rolling back
 * on a reorg), resolves each agentURI with {@link dev.bursar.registry.discovery.AgentUriResolver} (bounded, no
 * redirects, no private hosts unless allowed), parses it strictly as a {@link
 * dev.bursar.registry.discovery.RegistrationFile}, and indexes the agent only when the file names this agent id in this
 * registry. {@link dev.bursar.registry.discovery.AgentIndex} answers queries by skill text, price and reputation over
 * trusted reviewers; an {@link dev.bursar.registry.discovery.IndexStore} keeps it across restarts.
 */
package dev.bursar.registry.discovery;
