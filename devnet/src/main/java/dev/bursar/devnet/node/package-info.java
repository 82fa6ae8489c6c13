/** Node scripts of the devnet's pinned npm project (x402 and A2A reference peers), run and supervised on loopback. */
package dev.bursar.devnet.node;
