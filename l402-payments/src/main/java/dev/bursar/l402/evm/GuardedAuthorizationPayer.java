package dev.bursar.l402.evm;

import dev.bursar.l402.client.AuthorizationPayer;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.evm.TransferAuthorizationWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.value.EvmAddress;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Signs x402 authorizations through an agent's {@link GuardedWallet}: each is a payment intent of its own kind
 * (an EIP-3009 {@link PaymentTarget.TransferAuthorization}), so caps, budgets, approvals, intent binding and the
 * journal apply exactly as to a transfer; the signature is journaled before the client sends it.
 */
public final class GuardedAuthorizationPayer implements AuthorizationPayer {

    private final GuardedWallet wallet;
    private final TransferAuthorizationWallet signer;

    /** @param signer the agent's account as an EIP-3009 signer, registered in {@code wallet} ({@code evmWallet.authorizations()}) */
    public GuardedAuthorizationPayer(GuardedWallet wallet, TransferAuthorizationWallet signer) {
        if (!wallet.wallets().containsKey(signer.name())) {
            throw new IllegalArgumentException("the authorization signer " + signer.name() + " is not one of agent " + wallet.agentId()
                    + "'s wallets; register evmWallet.authorizations() in its GuardedWallet");
        }
        this.wallet = wallet;
        this.signer = signer;
    }

    @Override
    public long chainId() {
        return signer.chainId();
    }

    @Override
    public SignedAuthorization authorize(String token, BigInteger units, String payTo, Duration validFor, String purpose,
                                         String idempotencyKey, String host) {
        PaymentIntent intent;
        try {
            Asset.Erc20Token asset = signer.token(EvmAddress.of(token));
            intent = new PaymentIntent(wallet.agentId(), new PaymentTarget.TransferAuthorization(EvmAddress.of(payTo), validFor),
                    Amount.ofUnits(asset, units), purpose, idempotencyKey);
        } catch (InvalidInputException e) {
            throw new L402Exception("the x402 requirement cannot be paid by this wallet: " + e.getMessage() + "; nothing was paid", e);
        }
        SpendResult result = wallet.pay(intent, new Grounding.PaidFetch(host));
        if (result.state() != EntryState.PREPARED && result.state() != EntryState.SUCCEEDED) {
            throw new L402Exception("the x402 payment was not made: " + result.message() + " (payment " + result.entryId() + ")");
        }
        PreparedPayment.Authorization a = wallet.prepared(result.entryId())
                .filter(PreparedPayment.Authorization.class::isInstance).map(PreparedPayment.Authorization.class::cast)
                .orElseThrow(() -> new L402Exception("payment " + result.entryId() + " holds no signed authorization"));
        return new SignedAuthorization(result.entryId(), a.from().value(), a.to().value(), a.value().toString(),
                Long.toString(a.validAfter()), Long.toString(a.validBefore()), a.nonce(), a.signature());
    }

    @Override
    public TokenDomain domain(String token) {
        try {
            TransferAuthorizationWallet.Domain d = signer.domain(signer.token(EvmAddress.of(token)));
            return new TokenDomain(d.name(), d.version());
        } catch (InvalidInputException e) {
            throw new L402Exception("the x402 token " + token + " cannot be paid by this wallet: " + e.getMessage() + "; nothing was paid", e);
        }
    }

    @Override
    public String confirm(String paymentId) {
        return wallet.refresh(paymentId).state().name();
    }
}
