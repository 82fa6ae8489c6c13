/** An example plugin jar: Uniswap V2 swap quotes read through the agent's read-only chain view. */
package dev.bursar.examples.uniswapprice;
