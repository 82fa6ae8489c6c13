package dev.bursar.l402.interop;

import dev.bursar.l402.server.InvoiceIssuer;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link InvoiceIssuer} that keeps every invoice another one issued, so a test can count challenges and look them up. */
final class RecordingInvoiceIssuer implements InvoiceIssuer {

    private final InvoiceIssuer delegate;
    private final List<IssuedInvoice> issued = new CopyOnWriteArrayList<>();

    RecordingInvoiceIssuer(InvoiceIssuer delegate) {
        this.delegate = delegate;
    }

    @Override
    public IssuedInvoice issue(long sats, String memo) {
        IssuedInvoice invoice = delegate.issue(sats, memo);
        issued.add(invoice);
        return invoice;
    }

    /** The invoices issued so far, oldest first. */
    List<IssuedInvoice> issued() {
        return List.copyOf(issued);
    }
}
