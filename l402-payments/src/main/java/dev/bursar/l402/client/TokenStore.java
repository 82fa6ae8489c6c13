package dev.bursar.l402.client;

import dev.bursar.l402.header.L402Authorization;

import java.util.Optional;

/**
 * Where paid L402 tokens are kept between runs, by scope (origin plus first path segment), so a restart never pays
 * for a token again; the purchases whose payment waits for approval, so the approved payment buys the token it was for;
 * and the scopes blocked because they refused a token just paid for, until a person clears them.
 */
public interface TokenStore {

    Optional<L402Authorization> get(String scope);

    void put(String scope, L402Authorization token);

    void remove(String scope);

    /** Blocks {@code scope}: it answered 402 to a token just paid for, so the client pays it nothing more. */
    void block(String scope, String reason);

    /** Why {@code scope} is blocked, if it is. */
    Optional<String> blocked(String scope);

    /** Every blocked scope with the reason it was blocked. */
    java.util.Map<String, String> blocks();

    /** Clears a block set by {@link #block}; a person's decision, never the client's. Returns whether one was set. */
    boolean unblock(String scope);

    /** Keeps the purchase for {@code scope} whose payment waits for approval or is in flight. */
    void hold(String scope, HeldPurchase purchase);

    /** The purchase held for {@code scope}, if one is. */
    Optional<HeldPurchase> held(String scope);

    /** Forgets the purchase held for {@code scope}: its payment settled (its token is stored) or will never be made. */
    void release(String scope);
}
