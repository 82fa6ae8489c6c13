/**
 * Value types below both the wallet core and its rails: EVM addresses and Bitcoin networks. The core and every rail
 * import these; nothing here imports a rail, so a new rail edits no switch in the core.
 */
package dev.bursar.wallet.value;
