package dev.bursar.wallet.evm;

import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Hands out the nonces of one address so that concurrent payments never reuse a nonce and never leave a gap.
 *
 * <p>How it works. The first {@link #reserve()} (and every {@link #resync()}) reads the node's pending transaction
 * count. Each reservation takes the lowest released nonce if there is one, else the next new nonce. A reserved nonce
 * is "unsent" until {@link #markSent} (the node accepted its transaction) or {@link #release} (it will never be sent).
 * A released nonce that is the last one handed out is rolled back; a released nonce below that is kept and handed to
 * the next reservation, so the gap it would leave is filled by the next payment rather than stalling every later
 * transaction. {@link #resync()} (after a failed broadcast or a "nonce too low") moves forward to the node's count
 * when another sender used nonces, and drops released nonces the node has meanwhile seen used; it never moves back,
 * because a nonce handed out once belongs to a prepared payment until that payment is released: if the node dropped
 * such a transaction, reconciling re-broadcasts its identical raw transaction. A restart is a new manager, which
 * starts from the node's pending count. All methods are thread-safe.
 */
public final class NonceManager {

    private final LongSupplier pendingCount;
    private final NavigableSet<Long> released = new TreeSet<>();
    private final NavigableSet<Long> unsent = new TreeSet<>();
    private long next = -1;

    /** @param pendingCount reads {@code eth_getTransactionCount(address, "pending")} from the node */
    NonceManager(LongSupplier pendingCount) {
        this.pendingCount = pendingCount;
    }

    /** Reserves the nonce for one new transaction. */
    public synchronized long reserve() {
        if (next < 0) {
            next = pendingCount.getAsLong();
        }
        long nonce;
        if (!released.isEmpty()) {
            nonce = released.pollFirst();
        } else {
            nonce = next++;
        }
        unsent.add(nonce);
        return nonce;
    }

    /** The node accepted the transaction with {@code nonce}. */
    public synchronized void markSent(long nonce) {
        unsent.remove(nonce);
    }

    /**
     * Gives back a reserved nonce whose transaction will never be broadcast: rolled back if it was the last one handed
     * out, else kept for the next reservation.
     */
    public synchronized void release(long nonce) {
        if (!unsent.remove(nonce)) {
            return; // not reserved here, or already sent: nothing to give back
        }
        if (nonce == next - 1) {
            next--;
            while (!released.isEmpty() && released.last() == next - 1) {
                next = released.pollLast();
            }
        } else {
            released.add(nonce);
        }
    }

    /** Re-reads the node's pending count; see the class comment for what it keeps. */
    public synchronized void resync() {
        long pending = pendingCount.getAsLong();
        if (next < 0) {
            next = pending;
            return;
        }
        released.headSet(pending, false).clear();
        next = Math.max(next, pending);
    }

    /** The nonce the next new reservation would take (ignoring released ones), or -1 before the first reservation. */
    public synchronized long peekNext() {
        return next;
    }
}
