/**
 * The A2A protocol 0.3 reference peers of {@code @a2a-js/sdk} 0.3.14 (from the devnet's pinned npm project) on
 * loopback: a JSON-RPC server with one skill and a client run, for interop tests of Bursar's A2A server and client.
 */
package dev.bursar.devnet.a2a;
