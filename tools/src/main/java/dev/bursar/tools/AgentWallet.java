package dev.bursar.tools;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.Wallet;
import dev.bursar.wallet.binding.AddressBook;
import dev.bursar.wallet.binding.Contact;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.binding.UserWords;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.bursar.wallet.lightning.LightningWallet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The guarded operations a plugin may use on an agent's wallet: read balances and addresses, create and decode
 * invoices, propose payments, read their status. No method returns a raw wallet, a key or a signer, and every payment
 * is proposed with what grounds it, read here from the conversation the tool call belongs to, never from the plugin or
 * the model.
 */
public final class AgentWallet {

    private final GuardedWallet wallet;
    private final ConversationWords words;
    private final Optional<EvmWallet> evm;
    private final Optional<LightningWallet> lightning;
    /** The plugin this view was made for, and what its agent grants it; the host's own view has every wallet permission. */
    private final String plugin;
    private final Set<Permission> grants;

    /** Built by the code that hosts the agent; each plugin receives a view limited to its grants ({@link #limitedTo}). */
    public AgentWallet(GuardedWallet wallet, ConversationWords words) {
        this(wallet, words, find(wallet, EvmWallet.class), find(wallet, LightningWallet.class), "host",
                Set.of(Permission.WALLET_READ, Permission.WALLET_SPEND, Permission.WALLET_RECEIVE));
    }

    private AgentWallet(GuardedWallet wallet, ConversationWords words, Optional<EvmWallet> evm, Optional<LightningWallet> lightning,
                        String plugin, Set<Permission> grants) {
        this.wallet = wallet;
        this.words = words;
        this.evm = evm;
        this.lightning = lightning;
        this.plugin = plugin;
        this.grants = Set.copyOf(grants);
    }

    /**
     * The same wallet as {@code plugin} may use it: reads need any wallet permission, invoices to receive need
     * {@code wallet:receive}, payments {@code wallet:spend}; anything else throws {@link NotGrantedException}.
     */
    public AgentWallet limitedTo(String plugin, Set<Permission> granted) {
        Set<Permission> kept = new java.util.HashSet<>(granted);
        kept.retainAll(grants);
        return new AgentWallet(wallet, words, evm, lightning, plugin, kept);
    }

    /** The wallet permissions this view holds. */
    public Set<Permission> grants() {
        return grants;
    }

    private void require(Permission needed, String operation) {
        if (!grants.contains(needed)) {
            throw new NotGrantedException(plugin, operation, needed);
        }
    }

    private void requireRead(String operation) {
        if (grants.isEmpty()) {
            throw new NotGrantedException(plugin, operation, Permission.WALLET_READ);
        }
    }

    public String agentId() {
        return wallet.agentId();
    }

    /** The spendable balance of {@code asset}. */
    public Amount balance(Asset asset) {
        requireRead("read balances");
        return wallet.balance(asset);
    }

    /** The agent's own EVM address, if it has an EVM wallet. */
    public Optional<EvmAddress> evmAddress() {
        requireRead("read the wallet's address");
        return evm.map(EvmWallet::address);
    }

    /** The public key of the agent's Lightning node, if it has one. */
    public Optional<String> lightningNode() {
        requireRead("read the wallet's node");
        return lightning.map(LightningWallet::nodePubkey);
    }

    /** Creates an invoice to receive {@code amount} over Lightning; receiving moves nothing out. */
    public DecodedInvoice createInvoice(Amount amount, String memo, Duration expiry) {
        require(Permission.WALLET_RECEIVE, "create invoices");
        return requireLightning().createInvoice(amount, memo, expiry);
    }

    /** Decodes an invoice (network, amount, expiry) without paying it. */
    public DecodedInvoice decodeInvoice(String bolt11) {
        requireRead("decode invoices");
        return requireLightning().decodeInvoice(bolt11);
    }

    /** The user's words in the conversation of {@code call}: what a payment proposed by it may be grounded in. */
    public UserWords wordsOf(ToolCall call) {
        requireRead("read the conversation");
        return words.of(call.conversationId());
    }

    /** The owner's contact named {@code name} (as the user may write it instead of an address). */
    public Optional<Contact> contact(ToolCall call, String name) {
        requireRead("read the owner's address book");
        AddressBook book = words.of(call.conversationId()).addressBook();
        return book.byName(name);
    }

    /** Proposes sending {@code amount} (ETH or an ERC-20) to {@code to}; policy and intent binding decide. */
    public SpendResult send(ToolCall call, EvmAddress to, Amount amount, String purpose) {
        require(Permission.WALLET_SPEND, "propose payments");
        return propose(call, new PaymentTarget.EvmTransfer(to), amount, purpose);
    }

    /** Proposes paying {@code invoice} (its own amount); policy and intent binding decide. */
    public SpendResult payInvoice(ToolCall call, DecodedInvoice invoice) {
        require(Permission.WALLET_SPEND, "propose payments");
        if (!invoice.hasAmount()) {
            throw new InvalidInputException("this invoice names no amount; an agent only pays invoices with an amount");
        }
        return propose(call, new PaymentTarget.LightningInvoice(invoice.bolt11()), invoice.amount(), invoice.description());
    }

    /** This agent's payments, newest first, at most {@code limit} of them. */
    public List<dev.bursar.wallet.journal.LedgerEntry> history(int limit) {
        requireRead("read payment history");
        return wallet.history(limit);
    }

    /** The state of one of this agent's payments. */
    public SpendResult status(String paymentId) {
        requireRead("read payment status");
        return wallet.status(paymentId);
    }

    private SpendResult propose(ToolCall call, PaymentTarget target, Amount amount, String purpose) {
        String clipped = purpose == null ? "" : purpose.length() > 200 ? purpose.substring(0, 200) : purpose;
        PaymentIntent intent = new PaymentIntent(agentId(), target, amount, clipped, idempotencyKey(call));
        return wallet.pay(intent, Grounding.of(words.of(call.conversationId())));
    }

    private LightningWallet requireLightning() {
        return lightning.orElseThrow(() -> new InvalidInputException("this agent has no Lightning wallet"));
    }

    /**
     * One key per tool call: a retried call is the same payment, a new call is a new one. A call without an id (some
     * providers send none) is always a new payment.
     */
    private String idempotencyKey(ToolCall call) {
        if (call.id() == null || call.id().isBlank()) {
            return "tool-" + UUID.randomUUID();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (agentId() + "\u0000" + call.conversationId() + "\u0000" + call.id() + "\u0000" + call.arguments())
                            .getBytes(StandardCharsets.UTF_8));
            return "tool-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static <W extends Wallet> Optional<W> find(GuardedWallet wallet, Class<W> type) {
        return wallet.wallets().values().stream().filter(type::isInstance).map(type::cast).findFirst();
    }
}
