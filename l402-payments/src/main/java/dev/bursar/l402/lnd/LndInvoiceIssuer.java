package dev.bursar.l402.lnd;

import dev.bursar.l402.server.InvoiceIssuer;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.lightning.DecodedInvoice;
import dev.bursar.wallet.lightning.LightningWallet;

import java.time.Duration;
import java.util.HexFormat;

/**
 * Issues L402 invoices on the seller's LND node (AddInvoice through its {@link LightningWallet}); a macaroon baked
 * with {@code info:read offchain:read invoices:read invoices:write} is enough, no spending rights.
 */
public final class LndInvoiceIssuer implements InvoiceIssuer {

    private final LightningWallet node;
    private final Duration expiry;

    public LndInvoiceIssuer(LightningWallet node, Duration expiry) {
        this.node = node;
        this.expiry = expiry;
    }

    @Override
    public IssuedInvoice issue(long sats, String memo) {
        DecodedInvoice invoice = node.createInvoice(Amount.ofUnits(node.asset(), sats * 1000), memo, expiry);
        return new IssuedInvoice(invoice.bolt11(), HexFormat.of().parseHex(invoice.paymentHash()));
    }
}
