package dev.bursar.tools;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a tool may do, as a namespaced string ({@code wallet:spend}, {@code acme:weather:read}). A plugin declares the
 * permissions its tools need ({@link BursarPlugin#permissions()}); an agent's definition grants them per plugin, and
 * {@link ToolGate} gives the model only the tools whose permissions are all granted. A model can never grant itself one.
 *
 * <p>The namespaces of the built-in permissions ({@code wallet}, {@code net}, {@code contract}, {@code agents}) and
 * {@code bursar} and {@code mcp} are reserved: a third-party plugin may need a built-in permission (its tools then use
 * the guarded operation behind it) but cannot invent new ones there.
 */
public record Permission(String id) {

    private static final Pattern FORM = Pattern.compile("[a-z][a-z0-9-]{0,39}(:[a-z][a-z0-9-]{0,39}){1,3}");

    /** Read balances, addresses and payment status. */
    public static final Permission WALLET_READ = new Permission("wallet:read");
    /** Propose payments (still subject to the agent's spending policy). */
    public static final Permission WALLET_SPEND = new Permission("wallet:spend");
    /** Create invoices to receive money. */
    public static final Permission WALLET_RECEIVE = new Permission("wallet:receive");
    /** Fetch URLs, paying L402 challenges through the wallet. */
    public static final Permission PAID_FETCH = new Permission("net:paid-fetch");
    /** Read contract safety reports. */
    public static final Permission CONTRACT_READ = new Permission("contract:read");
    /** Read the agent's EVM chain (eth_call, block number): no transaction, no key. */
    public static final Permission CHAIN_READ = new Permission("wallet:chain-read");
    /**
     * Make the calls the agent's owner declared as its duties (a DAO vote, a delegation): value-neutral calls on the
     * contracts the owner named, through the guarded wallet (fees, journal, approval); see {@link OwnerDuties}.
     */
    public static final Permission WALLET_DUTY = new Permission("wallet:duty");
    /** Search the on-chain agent registry. */
    public static final Permission AGENTS_FIND = new Permission("agents:find");
    /** Hire a registered agent, paying it through the job escrow (still subject to the agent's spending policy). */
    public static final Permission AGENTS_HIRE = new Permission("agents:hire");

    /** Every built-in permission. */
    public static final List<Permission> BUILT_IN = List.of(WALLET_READ, WALLET_SPEND, WALLET_RECEIVE, PAID_FETCH, CONTRACT_READ,
            CHAIN_READ, WALLET_DUTY, AGENTS_FIND, AGENTS_HIRE);

    private static final Set<String> RESERVED = Set.of("wallet", "net", "contract", "agents", "bursar", "mcp");

    /**
     * @throws IllegalArgumentException unless {@code id} is 2 to 4 lower-case segments ({@code [a-z][a-z0-9-]*}) joined by ':'
     */
    public Permission {
        Objects.requireNonNull(id, "id");
        if (!FORM.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a permission: write 2 to 4 lower-case segments joined by ':',"
                    + " such as acme:weather:read");
        }
    }

    /** Parses a permission as configuration writes it ("wallet:spend", "acme:weather:read"); spaces around it are ignored. */
    public static Permission of(String id) {
        return new Permission(id == null ? null : id.strip().toLowerCase(Locale.ROOT));
    }

    /** The first segment: {@code acme} for {@code acme:weather:read}. */
    public String namespace() {
        return id.substring(0, id.indexOf(':'));
    }

    /** Whether this is one of {@link #BUILT_IN}. */
    public boolean builtIn() {
        return BUILT_IN.contains(this);
    }

    /** Whether only Bursar may define permissions in this one's namespace. */
    public boolean inReservedNamespace() {
        return RESERVED.contains(namespace());
    }

    @Override
    public String toString() {
        return id;
    }
}
