package dev.bursar.l402.lnd;

import dev.bursar.l402.client.InvoicePayer;
import dev.bursar.l402.client.L402Exception;
import dev.bursar.l402.client.L402NoSuchPaymentException;
import dev.bursar.l402.client.L402PaymentHeldException;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.bursar.wallet.lightning.LightningWallet;

import java.util.HexFormat;

/**
 * Pays L402 invoices through an agent's {@link GuardedWallet}, so its spending policy, approvals and journal apply to
 * every API payment exactly as to any other; decodes invoices with the agent's {@link LightningWallet}.
 */
public final class GuardedInvoicePayer implements InvoicePayer {

    private final GuardedWallet wallet;
    private final LightningWallet lightning;

    public GuardedInvoicePayer(GuardedWallet wallet, LightningWallet lightning) {
        this.wallet = wallet;
        this.lightning = lightning;
    }

    @Override
    public InvoiceDetails decode(String bolt11) {
        DecodedInvoice invoice = lightning.decodeInvoice(bolt11);
        return new InvoiceDetails(invoice.amount().units().longValueExact(), HexFormat.of().parseHex(invoice.paymentHash()),
                invoice.expiresAt());
    }

    @Override
    public byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey) {
        return pay(bolt11, amountMsat, purpose, idempotencyKey, Grounding.none());
    }

    /** Pays for a request to {@code host}: the payment is grounded as a paid fetch of that host. */
    @Override
    public byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey, String host) {
        return pay(bolt11, amountMsat, purpose, idempotencyKey, new Grounding.PaidFetch(host));
    }

    private byte[] pay(String bolt11, long amountMsat, String purpose, String idempotencyKey, Grounding grounding) {
        SpendResult result = wallet.pay(new PaymentIntent(wallet.agentId(), new PaymentTarget.LightningInvoice(bolt11),
                Amount.ofUnits(lightning.asset(), amountMsat), purpose, idempotencyKey), grounding);
        return preimageOf(result);
    }

    @Override
    public byte[] settled(String idempotencyKey) {
        String entry = wallet.entryFor(idempotencyKey).orElseThrow(() -> new L402NoSuchPaymentException(idempotencyKey));
        return preimageOf(wallet.refresh(entry));
    }

    private static byte[] preimageOf(SpendResult result) {
        switch (result.state()) {
            case SUCCEEDED -> {
            }
            case AWAITING_APPROVAL -> throw new L402PaymentHeldException(result.entryId(), "waiting for a person's approval");
            case AUTHORIZED, PREPARED -> throw new L402PaymentHeldException(result.entryId(), "in flight");
            default -> throw new L402Exception("the L402 payment was not made: " + result.message() + " (payment " + result.entryId() + ")");
        }
        String preimage = result.outcome().flatMap(PaymentOutcome::proof)
                .orElseThrow(() -> new L402Exception("the payment settled without a preimage; cannot use the token"));
        return HexFormat.of().parseHex(preimage);
    }
}
