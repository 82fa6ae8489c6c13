package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.RedactedUrl;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.Wallet;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@link Wallet} for one EVM account over JSON-RPC: ETH and ERC-20 transfers, ERC-20 approvals and contract calls
 * with value, signed locally as EIP-1559 transactions. Nonces come from a {@link NonceManager}, fees from
 * {@code eth_feeHistory} under a ceiling, gas limits from {@code eth_estimateGas} under a per-transaction ceiling
 * ({@link Builder#maxGasLimit}), and every RPC call is retried a bounded number of times.
 *
 * <p>A quote's maximum fee is always gas limit × {@code maxFeePerGas}, in the native coin, whatever the payment moves.
 * {@link #reconcile} re-broadcasts a prepared transaction only while the node does not know it and its nonce is free,
 * at most once per wallet instance; a transaction the node refused is FAILED and never sent again.
 */
public final class EvmWallet implements Wallet {

    private static final Pattern TX_HASH = Pattern.compile("0x[0-9a-f]{64}");
    private static final EvmAddress ZERO = EvmAddress.of("0x0000000000000000000000000000000000000000");

    private final EvmRpc rpc;
    private final EvmKeys keys;
    private final EvmSigner signer;
    private final long chainId;
    private final Asset.NativeCoin nativeCoin;
    private final NonceManager nonces;
    private final FeeOracle fees;
    private final int gasMarginPercent;
    private final BigInteger maxGasLimit;
    private final int confirmations;
    private final Duration receiptTimeout;
    private final Duration pollInterval;
    private final Duration quoteValidity;
    private final Clock clock;
    private final Map<EvmAddress, Asset.Erc20Token> tokens = new ConcurrentHashMap<>();
    private final Map<EvmAddress, Long> codelessUntil = new ConcurrentHashMap<>();
    /** Transactions this wallet re-broadcast while reconciling, so that each is re-sent at most once. */
    private final Set<String> rebroadcast = ConcurrentHashMap.newKeySet();
    /** Transactions the node refused (hash → reason), so that none is sent again after it was reported FAILED. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private volatile long chainCheckedAt = System.nanoTime() - CHAIN_CHECK_NANOS;

    private static final long CHAIN_CHECK_NANOS = 10_000_000_000L;
    private static final long CODELESS_CACHE_NANOS = 60_000_000_000L;
    private static final BigInteger PLAIN_TRANSFER_GAS = BigInteger.valueOf(21_000);
    /** The default per-transaction gas ceiling, see {@link Builder#maxGasLimit(BigInteger)}. */
    public static final BigInteger DEFAULT_MAX_GAS_LIMIT = BigInteger.valueOf(150_000);

    private EvmWallet(Builder b, EvmRpc rpc) {
        this.rpc = rpc;
        this.keys = b.keys;
        this.signer = new EvmSigner(b.keys);
        this.chainId = b.chainId;
        this.nativeCoin = new Asset.NativeCoin(b.chainId, b.nativeSymbol);
        this.nonces = new NonceManager(() -> rpc.transactionCount(b.keys.address(), "pending"));
        this.fees = new FeeOracle(rpc, b.tipPercentile, b.minPriorityFee, b.maxFeeCeiling);
        this.gasMarginPercent = b.gasMarginPercent;
        this.maxGasLimit = b.maxGasLimit;
        this.confirmations = b.confirmations;
        this.receiptTimeout = b.receiptTimeout;
        this.pollInterval = b.pollInterval;
        this.quoteValidity = b.quoteValidity;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "evm:" + chainId + ":" + keys.address();
    }

    /** The account this wallet spends from. */
    public EvmAddress address() {
        return keys.address();
    }

    public long chainId() {
        return chainId;
    }

    /** The chain's native coin as this wallet names it. */
    public Asset.NativeCoin nativeCoin() {
        return nativeCoin;
    }

    /** The most gas one transaction of this wallet may use; see {@link Builder#maxGasLimit(BigInteger)}. */
    public BigInteger maxGasLimit() {
        return maxGasLimit;
    }

    /**
     * This account as an EIP-3009 signer (what x402 pays with): a second {@link dev.bursar.wallet.Wallet} sharing this
     * one's key, node and clock, to register beside it in the agent's {@link dev.bursar.wallet.GuardedWallet}.
     */
    public TransferAuthorizationWallet authorizations() {
        return new TransferAuthorizationWallet(this, rpc, signer, clock);
    }

    /** This account's nonce manager (shared by every payment of this wallet). */
    public NonceManager nonces() {
        return nonces;
    }

    @Override
    public boolean supports(PaymentIntent intent) {
        PaymentTarget target = intent.target();
        boolean evmTarget = target instanceof PaymentTarget.EvmTransfer || target instanceof PaymentTarget.Erc20Approval
                || target instanceof PaymentTarget.ContractCall;
        return evmTarget && holds(intent.amount().asset());
    }

    @Override
    public boolean holds(Asset asset) {
        return switch (asset) {
            case Asset.NativeCoin coin -> coin.chainId() == chainId;
            case Asset.Erc20Token token -> token.chainId() == chainId;
            case Asset.LightningBitcoin ignored -> false;
        };
    }

    @Override
    public Amount balance(Asset asset) {
        requireOnThisChain(asset);
        if (asset instanceof Asset.Erc20Token token) {
            return Amount.ofUnits(token, tokenBalance(token, keys.address()));
        }
        return Amount.ofUnits(asset, rpc.balance(keys.address()));
    }

    /**
     * A read-only {@code eth_call} of {@code to} with calldata {@code data} at the latest block: its return data, or empty
     * when the call reverts or returns nothing. Sends no transaction and signs nothing.
     */
    public Optional<String> readCall(EvmAddress to, String data) {
        if (data == null || !data.startsWith("0x") || data.length() % 2 != 0 || data.length() > 2 + 2 * 65_536
                || !data.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new dev.bursar.wallet.InvalidInputException("calldata must be 0x followed by whole bytes in hex (at most 64 KiB)");
        }
        return rpc.ethCall(to, data);
    }

    /** The number of the chain's latest block. */
    public long latestBlock() {
        return rpc.blockNumber();
    }

    /** The native coin balance of any address on this chain. */
    public Amount balanceOf(EvmAddress owner) {
        return Amount.ofUnits(nativeCoin, rpc.balance(owner));
    }

    /** The token balance of any address. */
    public Amount balanceOf(Asset.Erc20Token token, EvmAddress owner) {
        requireOnThisChain(token);
        return Amount.ofUnits(token, tokenBalance(token, owner));
    }

    /**
     * The ERC-20 token at {@code contract}, with its symbol and decimals read from the chain once and cached.
     *
     * @throws InvalidInputException if no contract is there or it does not answer {@code decimals()} and {@code symbol()}
     */
    public Asset.Erc20Token token(EvmAddress contract) {
        Objects.requireNonNull(contract, "contract");
        Asset.Erc20Token cached = tokens.get(contract);
        if (cached != null) {
            return cached;
        }
        if (!rpc.hasCode(contract)) {
            throw new InvalidInputException("there is no contract at " + contract + " on chain " + chainId
                    + ", so it is not a token; check the address and the network");
        }
        int decimals = rpc.ethCall(contract, Erc20Calls.decimals()).flatMap(Erc20Calls::decodeDecimals)
                .orElseThrow(() -> new InvalidInputException("the contract at " + contract + " does not answer decimals(): it is not an ERC-20 token"));
        String symbol = rpc.ethCall(contract, Erc20Calls.symbol()).flatMap(Erc20Calls::decodeSymbol)
                .orElseThrow(() -> new InvalidInputException("the contract at " + contract + " does not answer symbol(): it is not an ERC-20 token this wallet can name"));
        Asset.Erc20Token token = new Asset.Erc20Token(chainId, contract, symbol, decimals);
        Asset.Erc20Token raced = tokens.putIfAbsent(contract, token);
        return raced == null ? token : raced;
    }

    /** How much of {@code token} {@code spender} may still move from this account. */
    public Amount allowance(Asset.Erc20Token token, EvmAddress spender) {
        verifyToken(token);
        BigInteger allowed = rpc.ethCall(token.contract(), Erc20Calls.allowance(keys.address(), spender))
                .flatMap(Erc20Calls::decodeUint)
                .orElseThrow(() -> new InvalidInputException("the token at " + token.contract() + " does not answer allowance()"));
        return Amount.ofUnits(token, allowed);
    }

    /** Signs a message with the EIP-191 prefix; 65-byte hex signature. */
    public String signMessage(byte[] message) {
        return signer.signMessage(message);
    }

    /** Signs EIP-712 typed data JSON; 65-byte hex signature. */
    public String signTypedData(String typedDataJson) {
        return signer.signTypedData(typedDataJson);
    }

    // ---------------------------------------------------------------- quote

    /** What a transaction for an intent sends: to, value and data, and what the user sees as recipient and contract. */
    private record Call(EvmAddress to, BigInteger value, String data, EvmAddress recipient, EvmAddress contract,
                        Asset.Erc20Token token, boolean tokenLeaves) {
    }

    @Override
    public Quote quote(PaymentIntent intent) {
        Objects.requireNonNull(intent, "intent");
        requireOnThisChain(intent.amount().asset());
        checkNodeChain();
        Call call = plan(intent);
        EvmAddress from = keys.address();

        BigInteger nativeBalance = rpc.balance(from);
        if (call.tokenLeaves()) {
            BigInteger tokenBalance = tokenBalance(call.token(), from);
            if (tokenBalance.compareTo(intent.amount().units()) < 0) {
                throw new InsufficientFundsException(from + " holds " + Amount.ofUnits(call.token(), tokenBalance) + ", the payment needs "
                        + intent.amount() + "; fund the account or lower the amount");
            }
        }
        if (nativeBalance.compareTo(call.value()) < 0) {
            throw new InsufficientFundsException(from + " holds " + Amount.ofUnits(nativeCoin, nativeBalance) + ", the payment needs "
                    + Amount.ofUnits(nativeCoin, call.value()) + " plus fees; fund the account or lower the amount");
        }

        BigInteger gasLimit = gasLimit(call);
        FeeOracle.Fees fee = fees.current();
        BigInteger maxFee = gasLimit.multiply(fee.maxFeePerGas());
        if (nativeBalance.compareTo(call.value().add(maxFee)) < 0) {
            throw new InsufficientFundsException(from + " holds " + Amount.ofUnits(nativeCoin, nativeBalance) + ", the payment needs "
                    + Amount.ofUnits(nativeCoin, call.value()) + " plus up to " + Amount.ofUnits(nativeCoin, maxFee)
                    + " in fees; fund the account with " + nativeCoin.symbol() + " or lower the amount");
        }

        Map<String, String> details = new LinkedHashMap<>();
        details.put("network", "eip155:" + chainId);
        details.put("chainId", Long.toString(chainId));
        details.put("from", from.value());
        details.put("to", call.to().value());
        details.put("value", call.value().toString());
        details.put("gasLimit", gasLimit.toString());
        details.put("maxFeePerGas", fee.maxFeePerGas().toString());
        details.put("maxPriorityFeePerGas", fee.maxPriorityFeePerGas().toString());
        return new Quote(intent, intent.amount(), Optional.of(Amount.ofUnits(nativeCoin, maxFee)), call.recipient().value(),
                Optional.ofNullable(call.contract()).map(EvmAddress::value), Optional.empty(),
                Optional.of(clock.instant().plus(quoteValidity)), details);
    }

    /** Re-checks the node's chain id, at most every {@link #CHAIN_CHECK_NANOS} (it was checked when the wallet was built). */
    private void checkNodeChain() {
        long now = System.nanoTime();
        if (now - chainCheckedAt < CHAIN_CHECK_NANOS) {
            return;
        }
        long nodeChain = rpc.chainId();
        if (nodeChain != chainId) {
            throw new ChainMismatchException("the node at " + rpc.endpoint() + " now serves chain id " + nodeChain + ", this wallet is for "
                    + chainId + "; nothing was signed");
        }
        chainCheckedAt = now;
    }

    private Call plan(PaymentIntent intent) {
        Asset asset = intent.amount().asset();
        BigInteger units = intent.amount().units();
        return switch (intent.target()) {
            case PaymentTarget.EvmTransfer transfer when asset instanceof Asset.NativeCoin -> {
                refuseLostOrCircular(transfer.to(), nativeCoin.symbol());
                yield new Call(transfer.to(), units, "0x", transfer.to(), null, null, false);
            }
            case PaymentTarget.EvmTransfer transfer -> {
                Asset.Erc20Token token = verifyToken((Asset.Erc20Token) asset);
                refuseLostOrCircular(transfer.to(), token.symbol());
                if (transfer.to().equals(token.contract())) {
                    throw new InvalidInputException("refusing to send " + token.symbol() + " to the token contract " + token.contract()
                            + " itself: tokens sent there are lost; check the recipient address");
                }
                yield new Call(token.contract(), BigInteger.ZERO, Erc20Calls.transfer(transfer.to(), units), transfer.to(),
                        token.contract(), token, true);
            }
            case PaymentTarget.Erc20Approval approval -> {
                Asset.Erc20Token token = verifyToken((Asset.Erc20Token) asset);
                yield new Call(token.contract(), BigInteger.ZERO, Erc20Calls.approve(approval.spender(), units), approval.spender(),
                        token.contract(), token, false);
            }
            case PaymentTarget.ContractCall contractCall -> {
                if (!rpc.hasCode(contractCall.contract())) {
                    throw new InvalidInputException("there is no contract at " + contractCall.contract() + " on chain " + chainId
                            + "; a contract call needs deployed code");
                }
                yield new Call(contractCall.contract(), units, contractCall.callData(), contractCall.contract(),
                        contractCall.contract(), null, false);
            }
            case PaymentTarget.LightningInvoice ignored ->
                    throw new InvalidInputException("an EVM wallet cannot pay a Lightning invoice; use the Lightning wallet");
            case PaymentTarget.TransferAuthorization ignored ->
                    throw new InvalidInputException("an EVM wallet sends transactions; sign an EIP-3009 authorization with wallet.authorizations()");
        };
    }

    /**
     * Refuses a transfer to the zero address (value sent there is lost) or to this wallet's own address (it moves
     * nothing and costs a fee).
     */
    private void refuseLostOrCircular(EvmAddress to, String symbol) {
        if (to.equals(ZERO)) {
            throw new InvalidInputException("refusing to send " + symbol + " to the zero address " + ZERO.value()
                    + ": value sent there is lost for good; check the recipient address");
        }
        if (to.equals(keys.address())) {
            throw new InvalidInputException("refusing to send " + symbol + " from " + to + " to itself: it moves nothing and only"
                    + " costs a fee; check the recipient address");
        }
    }

    /**
     * The gas limit for {@code call}: the node's estimate plus the margin, which must fit under {@link #maxGasLimit}.
     * The estimate itself runs under that ceiling, so a payee whose code burns gas without bound is refused, not priced.
     */
    private BigInteger gasLimit(Call call) {
        BigInteger estimate = estimateGas(call);
        BigInteger limit = withMargin(estimate);
        if (limit.compareTo(maxGasLimit) > 0) {
            throw new GasLimitExceededException("the node estimates " + estimate + " gas for this transaction to " + call.to()
                    + ", " + limit + " with the " + gasMarginPercent + "% margin, above this wallet's ceiling of " + maxGasLimit
                    + " gas per transaction; nothing was signed. If the recipient is a contract that really needs that much,"
                    + " raise the ceiling with EvmWallet.builder().maxGasLimit(...)", estimate, maxGasLimit);
        }
        return limit;
    }

    private BigInteger estimateGas(Call call) {
        if (call.data().equals("0x") && isCodeless(call.to())) {
            return PLAIN_TRANSFER_GAS;
        }
        try {
            return rpc.estimateGas(keys.address(), call.to().lowerCase(), call.value(), call.data(), maxGasLimit);
        } catch (EvmRpc.RpcError e) {
            String message = e.lowerCaseMessage();
            if (message.contains("insufficient funds")) {
                throw new InsufficientFundsException(keys.address() + " cannot pay for this transaction: " + e.getMessage());
            }
            if (message.contains("exceeds allowance") || message.contains("out of gas") || message.contains("gas required exceeds")) {
                throw new GasLimitExceededException("this transaction to " + call.to() + " needs more than this wallet's ceiling of "
                        + maxGasLimit + " gas (the node ran out of gas estimating it); nothing was signed. A payee whose code burns"
                        + " gas is refused on purpose; if the recipient is a contract that really needs more, raise the ceiling"
                        + " with EvmWallet.builder().maxGasLimit(...)", null, maxGasLimit);
            }
            throw new InvalidInputException("the node expects this transaction to fail, so nothing was signed: " + e.getMessage(), e);
        }
    }

    /** Whether {@code address} has no code (cached briefly): a value transfer to it costs exactly 21000 gas. */
    private boolean isCodeless(EvmAddress address) {
        long now = System.nanoTime();
        Long until = codelessUntil.get(address);
        if (until != null && now < until) {
            return true;
        }
        if (rpc.hasCode(address)) {
            codelessUntil.remove(address);
            return false;
        }
        codelessUntil.put(address, now + CODELESS_CACHE_NANOS);
        return true;
    }

    private BigInteger withMargin(BigInteger gas) {
        BigInteger hundred = BigInteger.valueOf(100);
        return gas.multiply(BigInteger.valueOf(100L + gasMarginPercent)).add(BigInteger.valueOf(99)).divide(hundred);
    }

    // ---------------------------------------------------------------- prepare

    @Override
    public PreparedPayment.Evm prepare(Quote quote) {
        Objects.requireNonNull(quote, "quote");
        if (quote.expiresAt().isPresent() && clock.instant().isAfter(quote.expiresAt().get())) {
            throw new InvalidInputException("the quote expired at " + quote.expiresAt().get() + "; quote the payment again");
        }
        Map<String, String> d = quote.details();
        if (!Long.toString(chainId).equals(d.get("chainId")) || !keys.address().value().equals(d.get("from"))) {
            throw new InvalidInputException("this quote was made by another wallet (" + d.get("from") + " on chain " + d.get("chainId") + ")");
        }
        Call call = plan(quote.intent());
        BigInteger gasLimit = number(d, "gasLimit");
        if (gasLimit.compareTo(maxGasLimit) > 0) {
            throw new GasLimitExceededException("the quote's gas limit " + gasLimit + " is above this wallet's ceiling of "
                    + maxGasLimit + " gas; quote again (or raise the ceiling with EvmWallet.builder().maxGasLimit(...))",
                    null, maxGasLimit);
        }
        BigInteger maxFeePerGas = number(d, "maxFeePerGas");
        BigInteger tip = number(d, "maxPriorityFeePerGas");
        if (maxFeePerGas.compareTo(fees.ceiling()) > 0 || tip.compareTo(maxFeePerGas) > 0) {
            throw new InvalidInputException("the quote's fees are inconsistent or above the ceiling; quote again");
        }
        BigInteger maxFee = gasLimit.multiply(maxFeePerGas);
        if (quote.maxFee().isEmpty() || !quote.maxFee().get().units().equals(maxFee)) {
            throw new InvalidInputException("the quote's maximum fee does not match its gas limit and fee per gas; quote again");
        }
        long nonce = nonces.reserve();
        try {
            RawTransaction tx = RawTransaction.createTransaction(chainId, BigInteger.valueOf(nonce), gasLimit, call.to().lowerCase(),
                    call.value(), call.data(), tip, maxFeePerGas);
            return sign(tx, quote.amount().asset().id(), quote.intent().idempotencyKey(), Optional.empty());
        } catch (RuntimeException e) {
            nonces.release(nonce);
            throw e;
        }
    }

    private PreparedPayment.Evm sign(RawTransaction tx, String assetId, String idempotencyKey, Optional<String> replaces) {
        byte[] signed = TransactionEncoder.signMessage(tx, keys.credentials());
        String raw = Numeric.toHexString(signed);
        Transaction1559 t = (Transaction1559) tx.getTransaction();
        return new PreparedPayment.Evm(Hash.sha3(raw), raw, tx.getNonce().longValueExact(), keys.address(), chainId,
                EvmAddress.of(tx.getTo()), tx.getValue(), tx.getGasLimit(), t.getMaxFeePerGas(), t.getMaxPriorityFeePerGas(),
                assetId, idempotencyKey, replaces);
    }

    /**
     * Re-signs a transaction that is stuck unmined with the same nonce, recipient, value, data and gas limit, and both
     * fee fields raised by at least 12.5 % (rounded up; nodes require at least 10 % to replace a pending transaction)
     * and to at least the current network fees, within the ceiling. Journal the result, then {@link #execute} it: of the
     * two, exactly one can be mined, and reconciling the other reports it failed.
     */
    public PreparedPayment.Evm bumpFee(PreparedPayment stuck) {
        PreparedPayment.Evm sent = ours(stuck);
        Optional<TransactionReceipt> receipt = rpc.receipt(sent.transactionHash());
        if (receipt.isPresent()) {
            throw new InvalidInputException("transaction " + sent.transactionHash() + " was already mined in block " + receipt.get().getBlockNumber()
                    + "; there is nothing to bump");
        }
        SignedRawTransaction old = (SignedRawTransaction) TransactionDecoder.decode(sent.rawTransaction());
        if (!(old.getTransaction() instanceof Transaction1559 t)) {
            throw new InvalidInputException("only EIP-1559 transactions can be bumped by this wallet");
        }
        FeeOracle.Fees raised = fees.bumped(t.getMaxPriorityFeePerGas(), t.getMaxFeePerGas());
        RawTransaction replacement = RawTransaction.createTransaction(chainId, t.getNonce(), t.getGasLimit(), t.getTo(), t.getValue(),
                t.getData(), raised.maxPriorityFeePerGas(), raised.maxFeePerGas());
        return sign(replacement, sent.assetId(), sent.idempotencyKey(), Optional.of(sent.transactionHash()));
    }

    // ---------------------------------------------------------------- execute / reconcile

    private enum Broadcast { ACCEPTED, NONCE_TAKEN, NONCE_HELD, REJECTED }

    /**
     * Broadcasts the signed transaction and waits up to the receipt timeout. A transaction the node already refused is
     * not sent again: it is FAILED, and its nonce may since have gone to another payment.
     */
    @Override
    public PaymentOutcome execute(PreparedPayment prepared) {
        PreparedPayment.Evm sent = ours(prepared);
        String refusal = refused.get(sent.transactionHash());
        if (refusal != null) {
            return rpc.receipt(sent.transactionHash()).isPresent() ? awaitFinal(sent.transactionHash(), clock.instant())
                    : PaymentOutcome.failed(sent.transactionHash(), refusal);
        }
        String[] reason = new String[1];
        return outcome(sent, broadcast(sent, reason), reason[0]);
    }

    private PaymentOutcome outcome(PreparedPayment.Evm sent, Broadcast broadcast, String reason) {
        return switch (broadcast) {
            case ACCEPTED -> awaitFinal(sent.transactionHash(), clock.instant().plus(receiptTimeout));
            case NONCE_HELD -> PaymentOutcome.pending(sent.transactionHash());
            case NONCE_TAKEN -> PaymentOutcome.failed(sent.transactionHash(), reason);
            case REJECTED -> {
                refused.put(sent.transactionHash(), reason);
                yield PaymentOutcome.failed(sent.transactionHash(), reason);
            }
        };
    }

    /**
     * Resolves a prepared transaction from the chain: mined (its receipt), known to the node (waits for it), or unknown.
     * An unknown transaction is FAILED when another transaction was mined with its nonce (nothing moved), PENDING
     * without any broadcast while another pending transaction holds its nonce (unless it is a fee bump of that one),
     * and otherwise, with {@code resendIfUnknown}, re-broadcast identically, at most once per wallet instance: a node
     * that drops it again is answered by {@link #bumpFee}, not by re-sending it in a loop. A transaction this wallet saw
     * the node refuse stays FAILED and is never sent again.
     */
    @Override
    public PaymentOutcome reconcile(PreparedPayment prepared, boolean resendIfUnknown) {
        PreparedPayment.Evm sent = ours(prepared);
        if (rpc.receipt(sent.transactionHash()).isPresent()) {
            nonces.markSent(sent.nonce());
            return awaitFinal(sent.transactionHash(), clock.instant());
        }
        if (rpc.transactionKnown(sent.transactionHash())) {
            nonces.markSent(sent.nonce());
            return awaitFinal(sent.transactionHash(), clock.instant().plus(receiptTimeout));
        }
        String refusal = refused.get(sent.transactionHash());
        if (refusal != null) {
            return PaymentOutcome.failed(sent.transactionHash(), refusal);
        }
        if (rpc.transactionCount(sent.from(), "latest") > sent.nonce()) {
            if (rpc.receipt(sent.transactionHash()).isPresent()) { // mined between the two look-ups
                return awaitFinal(sent.transactionHash(), clock.instant());
            }
            nonces.markSent(sent.nonce());
            nonces.resync();
            return PaymentOutcome.failed(sent.transactionHash(), nonceTakenReason(sent));
        }
        if (rpc.transactionCount(sent.from(), "pending") > sent.nonce() && !replacesAPendingTransaction(sent)) {
            nonces.markSent(sent.nonce()); // not ours to hand out again: it resolves when the holder is mined or dropped
            return PaymentOutcome.pending(sent.transactionHash());
        }
        if (!resendIfUnknown || rebroadcast.contains(sent.transactionHash())) {
            return PaymentOutcome.pending(sent.transactionHash());
        }
        String[] reason = new String[1];
        Broadcast broadcast = broadcast(sent, reason);
        if (broadcast == Broadcast.ACCEPTED) {
            rebroadcast.add(sent.transactionHash());
        }
        return outcome(sent, broadcast, reason[0]);
    }

    /** Whether {@code prepared} is a {@link #bumpFee} replacement of a transaction that is still pending on the node. */
    private boolean replacesAPendingTransaction(PreparedPayment.Evm prepared) {
        return prepared.replaces().filter(replaced -> TX_HASH.matcher(replaced).matches() && rpc.transactionKnown(replaced)
                && rpc.receipt(replaced).isEmpty()).isPresent();
    }

    @Override
    public void release(PreparedPayment prepared) {
        nonces.release(ours(prepared).nonce());
    }

    /**
     * Sends the raw transaction. "Already known" or "nonce too low" for this very transaction count as accepted; a
     * nonce mined by another transaction comes back NONCE_TAKEN, a nonce held by another pending transaction that this
     * one cannot replace NONCE_HELD (not sent; resolved once the holder is mined), and any other refusal REJECTED, with
     * the nonce released and the manager resynced. A node that cannot be reached raises
     * {@link PeerUnavailableException} and keeps the nonce reserved: reconcile the payment later.
     */
    private Broadcast broadcast(PreparedPayment.Evm sent, String[] reason) {
        try {
            rpc.sendRawTransaction(sent.rawTransaction());
            nonces.markSent(sent.nonce());
            return Broadcast.ACCEPTED;
        } catch (EvmRpc.RpcError refusal) {
            if (rpc.transactionKnown(sent.transactionHash()) || rpc.receipt(sent.transactionHash()).isPresent()) {
                nonces.markSent(sent.nonce());
                return Broadcast.ACCEPTED;
            }
            if (rpc.transactionCount(sent.from(), "latest") > sent.nonce()) {
                nonces.markSent(sent.nonce());
                nonces.resync();
                reason[0] = nonceTakenReason(sent);
                return Broadcast.NONCE_TAKEN;
            }
            if (refusal.lowerCaseMessage().contains("replacement")) {
                nonces.markSent(sent.nonce());
                return Broadcast.NONCE_HELD;
            }
            nonces.release(sent.nonce());
            nonces.resync();
            reason[0] = "the node refused the transaction, nothing was sent and it will not be sent again: "
                    + refusal.getMessage() + "; prepare the payment again once the cause is fixed";
            return Broadcast.REJECTED;
        }
    }

    private static String nonceTakenReason(PreparedPayment.Evm sent) {
        return "nonce " + sent.nonce() + " of " + sent.from() + " was used by another transaction, so " + sent.transactionHash()
                + " can never be mined; nothing moved, prepare the payment again if it is still wanted";
    }

    private PaymentOutcome awaitFinal(String hash, Instant deadline) {
        while (true) {
            Optional<TransactionReceipt> receipt = rpc.receipt(hash);
            if (receipt.isPresent()) {
                long block = receipt.get().getBlockNumber().longValueExact();
                if (confirmations <= 1 || rpc.blockNumber() - block + 1 >= confirmations) {
                    return outcome(hash, receipt.get());
                }
            }
            if (!clock.instant().isBefore(deadline)) {
                return PaymentOutcome.pending(hash);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return PaymentOutcome.pending(hash);
            }
        }
    }

    private PaymentOutcome outcome(String hash, TransactionReceipt receipt) {
        BigInteger price = receipt.getEffectiveGasPrice() == null ? BigInteger.ZERO : Numeric.decodeQuantity(receipt.getEffectiveGasPrice());
        Amount fee = Amount.ofUnits(nativeCoin, receipt.getGasUsed().multiply(price));
        String block = receipt.getBlockNumber().toString();
        if (receipt.isStatusOK()) {
            return PaymentOutcome.succeeded(hash, fee, block);
        }
        return new PaymentOutcome(PaymentOutcome.Status.FAILED, hash, Optional.of(fee), Optional.of(block),
                Optional.of("the transaction reverted in block " + block + "; nothing was transferred, the gas fee was paid"));
    }

    /** {@code prepared} as an EVM payment this wallet signed, whose reference is the hash of its raw transaction. */
    private PreparedPayment.Evm ours(PreparedPayment prepared) {
        Objects.requireNonNull(prepared, "prepared");
        if (!(prepared instanceof PreparedPayment.Evm evm)) {
            throw new InvalidInputException("this is a " + prepared.rail() + " payment, not an EVM one");
        }
        if (!keys.address().equals(evm.from()) || evm.chainId() != chainId) {
            throw new InvalidInputException("payment " + evm.reference() + " was prepared by " + evm.from() + " on chain "
                    + evm.chainId() + ", not by this wallet (" + name() + ")");
        }
        String hash = Hash.sha3(evm.rawTransaction());
        if (!hash.equals(evm.transactionHash()) || !TX_HASH.matcher(hash).matches()) {
            throw new InvalidInputException("payment " + evm.reference() + " does not match its raw transaction (hash " + hash + ")");
        }
        return evm;
    }

    // ---------------------------------------------------------------- helpers

    private Asset.Erc20Token verifyToken(Asset.Erc20Token given) {
        requireOnThisChain(given);
        Asset.Erc20Token onChain = token(given.contract());
        if (!onChain.equals(given)) {
            throw new InvalidInputException("the token at " + given.contract() + " is " + onChain.symbol() + " with " + onChain.decimals()
                    + " decimals on chain, but the amount was given as " + given.symbol() + " with " + given.decimals()
                    + " decimals; build the asset with wallet.token(address)");
        }
        return onChain;
    }

    private BigInteger tokenBalance(Asset.Erc20Token token, EvmAddress owner) {
        verifyToken(token);
        return rpc.ethCall(token.contract(), Erc20Calls.balanceOf(owner)).flatMap(Erc20Calls::decodeUint)
                .orElseThrow(() -> new InvalidInputException("the token at " + token.contract() + " does not answer balanceOf()"));
    }

    private void requireOnThisChain(Asset asset) {
        Objects.requireNonNull(asset, "asset");
        long assetChain = switch (asset) {
            case Asset.NativeCoin coin -> coin.chainId();
            case Asset.Erc20Token token -> token.chainId();
            case Asset.LightningBitcoin ignored ->
                    throw new InvalidInputException("an EVM wallet does not hold " + asset.id() + "; use the Lightning wallet");
        };
        if (assetChain != chainId) {
            throw new ChainMismatchException(asset.id() + " lives on chain " + assetChain + ", this wallet is on chain " + chainId
                    + "; use a wallet for that chain");
        }
    }

    private static BigInteger number(Map<String, String> data, String key) {
        String value = data.get(key);
        try {
            return new BigInteger(Objects.requireNonNull(value));
        } catch (RuntimeException e) {
            throw new InvalidInputException("'" + key + "' is missing or not an integer");
        }
    }

    @Override
    public String toString() {
        return "EvmWallet[" + name() + " via " + rpc.endpoint() + "]";
    }

    /** Configures an {@link EvmWallet}; {@link #build()} checks the node's chain id. */
    public static final class Builder {
        private Web3jService service;
        private String endpoint;
        private EvmKeys keys;
        private long chainId;
        private String nativeSymbol = "ETH";
        private int confirmations = 1;
        private Duration receiptTimeout = Duration.ofSeconds(60);
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration quoteValidity = Duration.ofMinutes(2);
        private BigInteger maxFeeCeiling = BigInteger.valueOf(500_000_000_000L);
        private BigInteger minPriorityFee = BigInteger.valueOf(1_000_000_000L);
        private int tipPercentile = 50;
        private int gasMarginPercent = 20;
        private BigInteger maxGasLimit = DEFAULT_MAX_GAS_LIMIT;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The node's HTTP(S) JSON-RPC URL. */
        public Builder rpcUrl(String url) {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new InvalidInputException("the RPC URL must start with http:// or https://, got '" + RedactedUrl.of(url) + "'");
            }
            this.service = new HttpService(url);
            this.endpoint = RedactedUrl.of(url); // the path or query of a hosted RPC URL holds its API key
            return this;
        }

        /** A ready web3j transport (HTTP with a custom client, IPC, ...) and the name errors should give it. */
        public Builder web3jService(Web3jService service, String endpointName) {
            this.service = Objects.requireNonNull(service, "service");
            this.endpoint = Objects.requireNonNull(endpointName, "endpointName");
            return this;
        }

        public Builder keys(EvmKeys keys) {
            this.keys = Objects.requireNonNull(keys, "keys");
            return this;
        }

        /** The chain id this wallet must be on; a node serving another chain is refused. */
        public Builder chainId(long chainId) {
            this.chainId = chainId;
            return this;
        }

        public Builder nativeSymbol(String symbol) {
            this.nativeSymbol = symbol;
            return this;
        }

        /** Blocks (including the one with the transaction) before a payment counts as final; default 1. */
        public Builder confirmations(int confirmations) {
            if (confirmations < 1) {
                throw new InvalidInputException("confirmations must be at least 1");
            }
            this.confirmations = confirmations;
            return this;
        }

        /** How long {@link EvmWallet#execute} waits for the receipt before answering PENDING; default 60 s. */
        public Builder receiptTimeout(Duration timeout) {
            this.receiptTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder pollInterval(Duration interval) {
            this.pollInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder quoteValidity(Duration validity) {
            this.quoteValidity = Objects.requireNonNull(validity, "validity");
            return this;
        }

        /** The most this wallet pays per gas ({@code maxFeePerGas}, wei); default 500 gwei. */
        public Builder maxFeePerGasCeiling(BigInteger wei) {
            if (wei == null || wei.signum() <= 0) {
                throw new InvalidInputException("the fee ceiling must be a positive number of wei");
            }
            this.maxFeeCeiling = wei;
            return this;
        }

        /** The smallest tip offered ({@code maxPriorityFeePerGas}, wei); default 1 gwei. */
        public Builder minPriorityFeePerGas(BigInteger wei) {
            if (wei == null || wei.signum() < 0) {
                throw new InvalidInputException("the minimum tip must be zero or more wei");
            }
            this.minPriorityFee = wei;
            return this;
        }

        /** Which percentile of recent blocks' tips to offer, 1..99; default 50. */
        public Builder tipPercentile(int percentile) {
            if (percentile < 1 || percentile > 99) {
                throw new InvalidInputException("the tip percentile must be 1..99");
            }
            this.tipPercentile = percentile;
            return this;
        }

        /** Added on top of {@code eth_estimateGas}, in percent; default 20. */
        public Builder gasMarginPercent(int percent) {
            if (percent < 0 || percent > 300) {
                throw new InvalidInputException("the gas margin must be 0..300 percent");
            }
            this.gasMarginPercent = percent;
            return this;
        }

        /**
         * The most gas one transaction may use: its gas limit, which is the node's estimate plus the
         * {@linkplain #gasMarginPercent margin}. Default 150 000, ample for ETH transfers (21 000) and for ERC-20
         * transfers and approvals (about 30 000 to 65 000 before the margin). A quote whose gas limit would exceed it is
         * refused with {@link GasLimitExceededException}, and the estimate itself runs under this ceiling, so a payee
         * contract whose code burns gas is never quoted: the ceiling bounds what a payment can cost in fees whatever the
         * payee's code does. Raise it for contract calls that legitimately need more.
         */
        public Builder maxGasLimit(BigInteger gas) {
            if (gas == null || gas.compareTo(PLAIN_TRANSFER_GAS) < 0) {
                throw new InvalidInputException("the gas limit ceiling must be at least " + PLAIN_TRANSFER_GAS
                        + " (a plain ETH transfer), got " + gas);
            }
            this.maxGasLimit = gas;
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Connects and checks the chain id.
         *
         * @throws ChainMismatchException if the node serves another chain
         * @throws PeerUnavailableException if the node does not answer after the retry policy's attempts
         */
        public EvmWallet build() {
            if (service == null) {
                throw new InvalidInputException("an EVM wallet needs an RPC URL (rpcUrl) or a web3j transport");
            }
            if (keys == null) {
                throw new InvalidInputException("an EVM wallet needs keys (EvmKeys.fromKeystore, fromMnemonic, ...)");
            }
            if (chainId <= 0) {
                throw new InvalidInputException("set the expected chain id (1 for Ethereum mainnet, 31337 for anvil)");
            }
            BigInteger plainTransfer = PLAIN_TRANSFER_GAS.multiply(BigInteger.valueOf(100L + gasMarginPercent))
                    .add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
            if (maxGasLimit.compareTo(plainTransfer) < 0) {
                throw new InvalidInputException("a gas ceiling of " + maxGasLimit + " cannot fit even a plain transfer with the "
                        + gasMarginPercent + "% margin (" + plainTransfer + " gas); raise maxGasLimit or lower gasMarginPercent");
            }
            EvmRpc rpc = new EvmRpc(service, endpoint, retryPolicy);
            long nodeChain = rpc.chainId();
            if (nodeChain != chainId) {
                throw new ChainMismatchException("the node at " + endpoint + " serves chain id " + nodeChain + ", but this wallet expects "
                        + chainId + "; point the RPC URL at the right network or fix the chain id");
            }
            return new EvmWallet(this, rpc);
        }
    }
}
