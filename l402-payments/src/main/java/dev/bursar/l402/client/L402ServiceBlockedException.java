package dev.bursar.l402.client;

/**
 * A service answered 402 to a token the agent had just paid for, so the client pays it nothing more until a person
 * clears the block ({@link PayingHttpClient#clearBlock}); thrown for that call and for every later one, before any payment.
 */
public final class L402ServiceBlockedException extends L402Exception {

    private final String scope;

    public L402ServiceBlockedException(String scope, String reason) {
        super(scope + " still answered 402 after a verified payment; not paying again: it is blocked for this agent until "
                + "a person clears it (" + reason + ")");
        this.scope = scope;
    }

    /** The blocked scope: origin and first path segment. */
    public String scope() {
        return scope;
    }
}
