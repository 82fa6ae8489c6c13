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

    /** Built by the code that hosts the agent; plugins receive it in their {@link AgentContext}. */
    public AgentWallet(GuardedWallet wallet, ConversationWords words) {
        this.wallet = wallet;
        this.words = words;
        this.evm = find(wallet, EvmWallet.class);
        this.lightning = find(wallet, LightningWallet.class);
    }

    public String agentId() {
        return wallet.agentId();
    }

    /** The spendable balance of {@code asset}. */
    public Amount balance(Asset asset) {
        return wallet.balance(asset);
    }

    /** The agent's own EVM address, if it has an EVM wallet. */
    public Optional<EvmAddress> evmAddress() {
        return evm.map(EvmWallet::address);
    }

    /** The public key of the agent's Lightning node, if it has one. */
    public Optional<String> lightningNode() {
        return lightning.map(LightningWallet::nodePubkey);
    }

    /** Creates an invoice to receive {@code amount} over Lightning; receiving moves nothing out. */
    public DecodedInvoice createInvoice(Amount amount, String memo, Duration expiry) {
        return requireLightning().createInvoice(amount, memo, expiry);
    }

    /** Decodes an invoice (network, amount, expiry) without paying it. */
    public DecodedInvoice decodeInvoice(String bolt11) {
        return requireLightning().decodeInvoice(bolt11);
    }

    /** The user's words in the conversation of {@code call}: what a payment proposed by it may be grounded in. */
    public UserWords wordsOf(ToolCall call) {
        return words.of(call.conversationId());
    }

    /** The owner's contact named {@code name} (as the user may write it instead of an address). */
    public Optional<Contact> contact(ToolCall call, String name) {
        AddressBook book = wordsOf(call).addressBook();
        return book.byName(name);
    }

    /** Proposes sending {@code amount} (ETH or an ERC-20) to {@code to}; policy and intent binding decide. */
    public SpendResult send(ToolCall call, EvmAddress to, Amount amount, String purpose) {
        return propose(call, new PaymentTarget.EvmTransfer(to), amount, purpose);
    }

    /** Proposes paying {@code invoice} (its own amount); policy and intent binding decide. */
    public SpendResult payInvoice(ToolCall call, DecodedInvoice invoice) {
        if (!invoice.hasAmount()) {
            throw new InvalidInputException("this invoice names no amount; an agent only pays invoices with an amount");
        }
        return propose(call, new PaymentTarget.LightningInvoice(invoice.bolt11()), invoice.amount(), invoice.description());
    }

    /** This agent's payments, newest first, at most {@code limit} of them. */
    public List<dev.bursar.wallet.journal.LedgerEntry> history(int limit) {
        return wallet.history(limit);
    }

    /** The state of one of this agent's payments. */
    public SpendResult status(String paymentId) {
        return wallet.status(paymentId);
    }

    private SpendResult propose(ToolCall call, PaymentTarget target, Amount amount, String purpose) {
        String clipped = purpose == null ? "" : purpose.length() > 200 ? purpose.substring(0, 200) : purpose;
        PaymentIntent intent = new PaymentIntent(agentId(), target, amount, clipped, idempotencyKey(call));
        return wallet.pay(intent, Grounding.of(wordsOf(call)));
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
