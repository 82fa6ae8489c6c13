/**
 * Talking to other agents over A2A (protocol 0.3, JSON-RPC binding): a thin model of our own ({@link
 * dev.bursar.registry.a2a.A2aCard}, {@link dev.bursar.registry.a2a.A2aTask}, {@link dev.bursar.registry.a2a.A2aWork})
 * over the {@code io.github.a2asdk} 0.3.3 SDK, so that moving to spec 1.0 later changes only this package.
 *
 * <p>{@link dev.bursar.registry.a2a.A2aServer} serves one agent's work behind any HTTP layer (the runtime mounts it
 * under JAX-RS); {@link dev.bursar.registry.a2a.A2aClient} fetches a card (bounded, like a registration file) and sends
 * it tasks. Text that comes back is data for the caller, never an instruction to pay.
 */
package dev.bursar.registry.a2a;
