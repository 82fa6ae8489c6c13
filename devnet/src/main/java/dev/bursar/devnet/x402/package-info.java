/**
 * The x402 v2 world of the devnet: the reference npm packages ({@code @x402/core}, {@code @x402/evm},
 * {@code @x402/express}, {@code @x402/fetch} 2.27.0) run as node child processes on 127.0.0.1 against anvil and the
 * devnet's EIP-3009 token {@code DevUsdc}: a facilitator ({@link dev.bursar.devnet.x402.X402Facilitator}), a seller of
 * one paid resource ({@link dev.bursar.devnet.x402.X402Seller}) and a paying client
 * ({@link dev.bursar.devnet.x402.X402Buyer}), so Java code can be tested as an x402 payer and as an x402 seller
 * against the reference implementation.
 */
package dev.bursar.devnet.x402;
