package dev.bursar.wallet.evm;

import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import dev.bursar.wallet.Wallet;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EIP-3009 face of one EVM account: signs {@code TransferWithAuthorization} messages (what x402's {@code exact}
 * scheme pays with) instead of sending transactions. The payee submits the authorization and pays its gas, so the
 * fee is zero; nothing leaves the process until the caller sends the journaled signature, and
 * {@link #reconcile} asks the token's {@code authorizationState(from, nonce)} whether it was used.
 * Obtained from {@link EvmWallet#authorizations()}; it shares that wallet's key, node and clock.
 */
public final class TransferAuthorizationWallet implements Wallet {

    private static final String AUTHORIZATION_USED_TOPIC = Hash.sha3String("AuthorizationUsed(address,bytes32)");
    private static final long LOG_SEARCH_BLOCKS = 50_000;

    private final EvmWallet account;
    private final EvmRpc rpc;
    private final EvmSigner signer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TransferAuthorizationWallet(EvmWallet account, EvmRpc rpc, EvmSigner signer, Clock clock) {
        this.account = account;
        this.rpc = rpc;
        this.signer = signer;
        this.clock = clock;
    }

    /** The EIP-712 domain of an EIP-3009 token as its contract states it. */
    public record Domain(String name, String version, long chainId, EvmAddress verifyingContract) {
    }

    @Override
    public String name() {
        return "eip3009:" + account.chainId() + ":" + account.address();
    }

    /** The account that signs. */
    public EvmAddress address() {
        return account.address();
    }

    public long chainId() {
        return account.chainId();
    }

    /** The ERC-20 token at {@code contract}, with its symbol and decimals as the chain states them. */
    public Asset.Erc20Token token(EvmAddress contract) {
        return account.token(contract);
    }

    @Override
    public boolean supports(PaymentIntent intent) {
        return intent.target() instanceof PaymentTarget.TransferAuthorization
                && intent.amount().asset() instanceof Asset.Erc20Token token && token.chainId() == account.chainId();
    }

    /** Balances are the account's: this face holds nothing of its own, so the EVM wallet answers for them. */
    @Override
    public boolean holds(Asset asset) {
        return false;
    }

    @Override
    public Amount balance(Asset asset) {
        return account.balance(asset);
    }

    /**
     * The token's EIP-712 domain ({@code name()}, {@code version()}, chain, contract), after checking that it answers
     * {@code authorizationState}: a token without EIP-3009 is refused before anything is signed.
     */
    public Domain domain(Asset.Erc20Token token) {
        Asset.Erc20Token onChain = account.token(token.contract());
        if (!onChain.equals(token)) {
            throw new InvalidInputException("the token at " + token.contract() + " is " + onChain.symbol() + " with " + onChain.decimals()
                    + " decimals on chain, not " + token.symbol() + " with " + token.decimals());
        }
        String missing = "the token " + token.symbol() + " at " + token.contract() + " does not implement EIP-3009 (";
        rpc.ethCall(token.contract(), Erc20Calls.authorizationState(account.address(), new byte[32])).flatMap(Erc20Calls::decodeBool)
                .orElseThrow(() -> new InvalidInputException(missing + "no authorizationState); pay it with a transfer instead"));
        String name = rpc.ethCall(token.contract(), Erc20Calls.name()).flatMap(Erc20Calls::decodeString)
                .orElseThrow(() -> new InvalidInputException(missing + "no name())"));
        String version = rpc.ethCall(token.contract(), Erc20Calls.version()).flatMap(Erc20Calls::decodeString)
                .orElseThrow(() -> new InvalidInputException(missing + "no version())"));
        return new Domain(name, version, account.chainId(), token.contract());
    }

    @Override
    public Quote quote(PaymentIntent intent) {
        if (!(intent.target() instanceof PaymentTarget.TransferAuthorization target) || !supports(intent)) {
            throw new InvalidInputException("this wallet signs EIP-3009 authorizations of tokens on chain " + account.chainId()
                    + " only, not " + intent.amount().asset().id() + " to " + intent.target().describe());
        }
        Asset.Erc20Token token = (Asset.Erc20Token) intent.amount().asset();
        Domain domain = domain(token);
        Amount balance = account.balance(token);
        if (balance.units().compareTo(intent.amount().units()) < 0) {
            throw new InsufficientFundsException("authorizing " + intent.amount() + " needs that much " + token.symbol() + "; the account holds "
                    + balance);
        }
        Instant now = clock.instant();
        // No fee: the payee submits the authorization and pays its gas, so nothing but the amount can leave this account.
        return new Quote(intent, intent.amount(), Optional.empty(), target.to().value(),
                Optional.of(token.contract().value()), Optional.empty(), Optional.of(now.plus(target.validFor())),
                Map.of("scheme", "eip3009", "domain", domain.name() + " v" + domain.version(), "fee", "paid by the payee"));
    }

    @Override
    public PreparedPayment prepare(Quote quote) {
        PaymentIntent intent = quote.intent();
        PaymentTarget.TransferAuthorization target = (PaymentTarget.TransferAuthorization) intent.target();
        Asset.Erc20Token token = (Asset.Erc20Token) intent.amount().asset();
        Domain domain = domain(token);
        byte[] nonceBytes = new byte[32];
        random.nextBytes(nonceBytes);
        String nonce = "0x" + HexFormat.of().formatHex(nonceBytes);
        long validBefore = clock.instant().plus(target.validFor()).getEpochSecond();
        BigInteger value = intent.amount().units();
        String signature = signer.signTypedData(typedData(domain, account.address(), target.to(), value, 0, validBefore, nonce));
        return new PreparedPayment.Authorization(nonce, domain.chainId(), domain.verifyingContract(), domain.name(), domain.version(),
                account.address(), target.to(), value, 0, validBefore, signature, token.id(), intent.idempotencyKey());
    }

    /**
     * Nothing to send from here: the caller hands the journaled signature to the payee. The outcome stays pending
     * until {@link #reconcile} finds the authorization used on chain or expired unused.
     */
    @Override
    public PaymentOutcome execute(PreparedPayment prepared) {
        return PaymentOutcome.pending(authorization(prepared).nonce());
    }

    /** Used on chain: paid. Unused past its window: failed, nothing moved. Otherwise still pending (never re-sent from here). */
    @Override
    public PaymentOutcome reconcile(PreparedPayment prepared, boolean resendIfUnknown) {
        PreparedPayment.Authorization a = authorization(prepared);
        byte[] nonce = Numeric.hexStringToByteArray(a.nonce());
        boolean used = rpc.ethCall(a.token(), Erc20Calls.authorizationState(a.from(), nonce)).flatMap(Erc20Calls::decodeBool)
                .orElseThrow(() -> new InvalidInputException("the token at " + a.token() + " no longer answers authorizationState"));
        if (used) {
            List<String> txs = rpc.logTransactions(a.token(), List.of(AUTHORIZATION_USED_TOPIC, topic(a.from()), a.nonce()), LOG_SEARCH_BLOCKS);
            String reference = txs.isEmpty() ? a.nonce() : txs.get(0);
            return PaymentOutcome.succeeded(reference, Amount.zero(account.nativeCoin()),
                    "EIP-3009 authorization " + a.nonce() + " used on chain" + (txs.isEmpty() ? "" : " in " + txs.get(0)));
        }
        if (clock.instant().getEpochSecond() >= a.validBefore()) {
            return PaymentOutcome.failed(a.nonce(), "the authorization expired unused at " + Instant.ofEpochSecond(a.validBefore())
                    + "; nothing was paid");
        }
        return PaymentOutcome.pending(a.nonce());
    }

    /** An authorization that never left the process binds nothing; there is nothing to give back. */
    @Override
    public void release(PreparedPayment prepared) {
        authorization(prepared);
    }

    /** The EIP-712 typed data of a {@code TransferWithAuthorization}, as web3j's encoder reads it. */
    static String typedData(Domain d, EvmAddress from, EvmAddress to, BigInteger value, long validAfter, long validBefore, String nonce) {
        return """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},\
                {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],\
                "TransferWithAuthorization":[{"name":"from","type":"address"},{"name":"to","type":"address"},\
                {"name":"value","type":"uint256"},{"name":"validAfter","type":"uint256"},{"name":"validBefore","type":"uint256"},\
                {"name":"nonce","type":"bytes32"}]},"primaryType":"TransferWithAuthorization",\
                "domain":{"name":%s,"version":%s,"chainId":%d,"verifyingContract":"%s"},\
                "message":{"from":"%s","to":"%s","value":"%s","validAfter":"%d","validBefore":"%d","nonce":"%s"}}"""
                .formatted(json(d.name()), json(d.version()), d.chainId(), d.verifyingContract().lowerCase(), from.lowerCase(),
                        to.lowerCase(), value, validAfter, validBefore, nonce);
    }

    private static String json(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String topic(EvmAddress address) {
        return "0x" + "0".repeat(24) + address.lowerCase().substring(2);
    }

    private static PreparedPayment.Authorization authorization(PreparedPayment prepared) {
        if (!(prepared instanceof PreparedPayment.Authorization a)) {
            throw new InvalidInputException("an EIP-3009 wallet resolves authorizations only, not a " + prepared.rail() + " payment");
        }
        return a;
    }
}
