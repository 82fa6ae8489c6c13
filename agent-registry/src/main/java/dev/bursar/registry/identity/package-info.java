/**
 * The ERC-8004 identity registry: agents as ERC-721 tokens with an agentURI (their registration file) and a verified
 * payment wallet.
 */
package dev.bursar.registry.identity;
