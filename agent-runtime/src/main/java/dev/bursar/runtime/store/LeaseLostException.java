package dev.bursar.runtime.store;

import dev.bursar.wallet.journal.JournalException;

/**
 * A journal append refused because this runtime instance does not hold the agent's writer lease (any more): the event
 * was not recorded. A payment whose intent or signed transaction was refused was not sent; one already sent is
 * reconciled by the instance that now drives the agent.
 */
public final class LeaseLostException extends JournalException {

    public LeaseLostException(String agentId) {
        super("this runtime instance does not hold the writer lease of agent '" + agentId
                + "' (another instance took it over, or it expired); this step was not recorded. A payment not yet sent was not "
                + "paid; one already sent is reconciled by the instance that drives the agent: check its payment history", null);
    }
}
