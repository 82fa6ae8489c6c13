package dev.bursar.tools;

/**
 * What a tool may do; an agent's definition grants permissions per plugin, and {@link ToolGate} checks them before
 * every call. A model can never grant itself one.
 */
public enum Permission {
    /** Read balances, addresses and payment status. */
    WALLET_READ("wallet:read"),
    /** Propose payments (still subject to the agent's spending policy). */
    WALLET_SPEND("wallet:spend"),
    /** Create invoices to receive money. */
    WALLET_RECEIVE("wallet:receive"),
    /** Fetch URLs, paying L402 challenges through the wallet. */
    PAID_FETCH("net:paid-fetch"),
    /** Read contract safety reports. */
    CONTRACT_READ("contract:read"),
    /** Search the on-chain agent registry. */
    AGENTS_FIND("agents:find"),
    /** Hire a registered agent, paying it through the job escrow (still subject to the agent's spending policy). */
    AGENTS_HIRE("agents:hire");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Parses "wallet:spend" style ids as configuration writes them. */
    public static Permission of(String id) {
        for (Permission p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown permission '" + id + "'; known: wallet:read, wallet:spend, wallet:receive, net:paid-fetch, contract:read, agents:find, agents:hire");
    }
}
