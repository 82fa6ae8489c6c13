package dev.bursar.tools;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.value.EvmAddress;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The calls an agent's owner declared as its duties (vote on a DAO's proposals, delegate its votes), which a plugin
 * granted {@code wallet:duty} may make: only a declared function on a declared contract, with no value, through the
 * guarded wallet (fee caps, journal, approval) and grounded in the owner's declaration, never in a model's or a page's
 * words. Each call has a key the plugin chooses for its work (a proposal's id): the same duty with the same key is one
 * transaction; repeating the same call returns the first one's result instead of sending again, and a different call
 * under a used key is refused. The owner declares which functions; the plugin chooses their arguments.
 */
public final class OwnerDuties {

    private static final Pattern SELECTOR = Pattern.compile("0x[0-9a-f]{8}");
    /**
     * Functions that move tokens or grant others the right to (ERC-20 transfer, approve, increaseAllowance, transferFrom,
     * permit, EIP-3009 authorizations; ERC-721/1155 transfers and setApprovalForAll): never a value-neutral duty, since a
     * duty's calls skip the caps that amounts count against.
     */
    private static final java.util.Set<String> MOVES_VALUE = java.util.Set.of("0xa9059cbb", "0x095ea7b3", "0x39509351", "0x23b872dd",
            "0xd505accf", "0xe3ee160e", "0xef55bec6", "0x42842e0e", "0xb88d4fde", "0xa22cb465", "0x2eb2c2d6", "0xf242432a");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /**
     * One duty as the owner declared it: what it is for, in words, and the functions (4-byte selectors, 0x-hex) it may
     * call on each contract.
     */
    public record Duty(String name, String description, Map<EvmAddress, List<String>> calls) {
        public Duty {
            if (name == null || !name.matches("[a-z][a-z0-9-]{0,39}")) {
                throw new InvalidInputException("a duty's name is lower case letters, digits and '-', not '" + name + "'");
            }
            if (description == null || description.isBlank()) {
                throw new InvalidInputException("duty " + name + " needs a description of what it is for");
            }
            if (calls == null || calls.isEmpty()) {
                throw new InvalidInputException("duty " + name + " names no contract and function it may call");
            }
            if (calls.keySet().stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidInputException("duty " + name + " names a contract without an address");
            }
            calls = calls.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> {
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    throw new InvalidInputException("duty " + name + " names no function on " + e.getKey().value());
                }
                return e.getValue().stream().map(s -> {
                    String sel = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
                    if (!SELECTOR.matcher(sel).matches()) {
                        throw new InvalidInputException("duty " + name + ": '" + s + "' is not a function selector (0x and 8 hex digits)");
                    }
                    if (MOVES_VALUE.contains(sel)) {
                        throw new InvalidInputException("duty " + name + ": " + sel + " moves tokens or lets others move them; a duty"
                                + " may only make value-neutral calls, so pay through the wallet's guarded payments instead");
                    }
                    return sel;
                }).toList();
            }));
        }
    }

    private final GuardedWallet wallet;
    private final EvmWallet rail;
    private final Map<String, Duty> duties;
    private final String plugin;

    /** Built by the code that hosts the agent, over its guarded wallet and the EVM wallet that sends the calls. */
    public OwnerDuties(GuardedWallet wallet, EvmWallet rail, List<Duty> duties) {
        this(wallet, rail, duties.stream().collect(Collectors.toUnmodifiableMap(Duty::name, d -> d, (a, b) -> {
            throw new InvalidInputException("duty " + a.name() + " is declared twice");
        })), "host");
    }

    private OwnerDuties(GuardedWallet wallet, EvmWallet rail, Map<String, Duty> duties, String plugin) {
        this.wallet = wallet;
        this.rail = rail;
        this.duties = duties;
        this.plugin = plugin;
    }

    /** The same duties, made on behalf of {@code plugin} (its calls' journal keys name it). */
    OwnerDuties forPlugin(String plugin) {
        return new OwnerDuties(wallet, rail, duties, plugin);
    }

    /** The account that makes the calls ({@code msg.sender}). */
    public EvmAddress account() {
        return rail.address();
    }

    /** The duty named {@code name}, if the owner declared it. */
    public Optional<Duty> duty(String name) {
        return Optional.ofNullable(duties.get(name));
    }

    /**
     * What became of the call this plugin made for duty {@code duty} with {@code workKey} (approved, rejected, still
     * waiting...), if it made one. A plugin sees only its own duty calls.
     */
    public Optional<SpendResult> status(String duty, String workKey) {
        return wallet.entryFor(key(duty, workKey)).map(wallet::status);
    }

    /** One journal key per (plugin, duty, work key), unambiguous whatever '-' the parts contain. */
    private String key(String duty, String workKey) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((plugin + "\u0000" + duty + "\u0000" + workKey)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "duty-" + java.util.HexFormat.of().formatHex(digest, 0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Calls {@code contract} with {@code callData} as part of duty {@code duty}, once per {@code workKey}.
     *
     * @return the guarded wallet's result: succeeded (with the transaction hash), awaiting a person's approval, or refused
     * @throws InvalidInputException when the owner declared no such duty, contract or function; nothing is journaled
     */
    public SpendResult call(String duty, String workKey, EvmAddress contract, String callData, String purpose) {
        return call(duty, workKey, contract, callData, purpose, Optional.empty());
    }

    /**
     * As {@link #call(String, String, EvmAddress, String, String)}, and when {@code askPerson} is given (why, in words) the
     * call waits for a person's approval whatever the policy says: a plugin may make a duty stricter, never looser.
     */
    public SpendResult call(String duty, String workKey, EvmAddress contract, String callData, String purpose, Optional<String> askPerson) {
        Duty d = duties.get(duty);
        if (d == null) {
            throw new InvalidInputException("the owner declared no duty '" + duty + "'" + (duties.isEmpty() ? ""
                    : "; declared: " + String.join(", ", duties.keySet())));
        }
        if (workKey == null || !KEY.matcher(workKey).matches()) {
            throw new InvalidInputException("a duty's work key is 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        if (contract == null) {
            throw new InvalidInputException("duty " + duty + " needs the contract to call");
        }
        List<String> allowed = d.calls().get(contract);
        if (allowed == null) {
            throw new InvalidInputException("duty " + duty + " may not call " + contract.value() + "; it may call "
                    + d.calls().keySet().stream().map(EvmAddress::value).toList());
        }
        String data = callData == null ? "" : callData.toLowerCase(Locale.ROOT);
        if (data.length() < 10 || !allowed.contains(data.substring(0, 10))) {
            throw new InvalidInputException("duty " + duty + " may call only " + allowed + " on " + contract.value());
        }
        String clipped = purpose == null ? d.description() : purpose.length() > 200 ? purpose.substring(0, 200) : purpose;
        Asset coin = rail.nativeCoin();
        PaymentIntent intent = new PaymentIntent(wallet.agentId(), new PaymentTarget.ContractCall(contract, callData),
                Amount.zero(coin), clipped, key(duty, workKey));
        return wallet.pay(intent, new Grounding.OwnerDuty(d.description(), d.calls().keySet(), askPerson));
    }
}
