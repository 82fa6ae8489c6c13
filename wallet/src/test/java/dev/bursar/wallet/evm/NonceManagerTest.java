package dev.bursar.wallet.evm;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NonceManagerTest {

    @Test
    void startsFromTheNodesPendingCountAndCountsUp() {
        NonceManager nonces = new NonceManager(() -> 7);
        assertThat(nonces.reserve()).isEqualTo(7);
        assertThat(nonces.reserve()).isEqualTo(8);
    }

    @Test
    void concurrentReservationsAreContiguousAndUnique() throws Exception {
        NonceManager nonces = new NonceManager(() -> 3);
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    assertThat(seen.add(nonces.reserve())).isTrue();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(seen).hasSize(1000);
        assertThat(seen.stream().mapToLong(Long::longValue).min().orElseThrow()).isEqualTo(3);
        assertThat(seen.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(1002);
    }

    @Test
    void releasingTheLatestRollsBack() {
        NonceManager nonces = new NonceManager(() -> 0);
        nonces.reserve();
        long second = nonces.reserve();
        nonces.release(second);
        assertThat(nonces.reserve()).isEqualTo(second);
    }

    @Test
    void releasingAnEarlierNonceFillsTheGapWithTheNextPayment() {
        NonceManager nonces = new NonceManager(() -> 0);
        long a = nonces.reserve();
        long b = nonces.reserve();
        long c = nonces.reserve();
        nonces.markSent(a);
        nonces.markSent(c);
        nonces.release(b);
        assertThat(nonces.reserve()).isEqualTo(b);
        assertThat(nonces.reserve()).isEqualTo(3);
    }

    @Test
    void releasingASentNonceChangesNothing() {
        NonceManager nonces = new NonceManager(() -> 0);
        long a = nonces.reserve();
        nonces.markSent(a);
        nonces.release(a);
        assertThat(nonces.reserve()).isEqualTo(1);
    }

    @Test
    void resyncCatchesUpWithNoncesAnotherSenderUsed() {
        AtomicLong node = new AtomicLong(0);
        NonceManager nonces = new NonceManager(node::get);
        nonces.markSent(nonces.reserve());
        node.set(5); // another process sent four transactions from the same key
        nonces.resync();
        assertThat(nonces.reserve()).isEqualTo(5);
    }

    @Test
    void resyncNeverHandsOutANonceStillHeldByAPaymentInFlight() {
        AtomicLong node = new AtomicLong(0);
        NonceManager nonces = new NonceManager(node::get);
        long held = nonces.reserve(); // prepared, not yet broadcast
        nonces.resync();               // node still says 0
        assertThat(nonces.reserve()).isGreaterThan(held);
    }

    @Test
    void resyncDoesNotReuseNoncesOfSentTransactionsTheNodeStillQueues() {
        AtomicLong node = new AtomicLong(0);
        NonceManager nonces = new NonceManager(node::get);
        long a = nonces.reserve();
        long b = nonces.reserve();
        long c = nonces.reserve();
        nonces.markSent(b);
        nonces.markSent(c); // queued at the node behind the gap at a
        nonces.release(a);  // a's broadcast was refused
        nonces.resync();    // the node's pending count is still 0
        assertThat(nonces.reserve()).isEqualTo(a);
        assertThat(nonces.reserve()).isEqualTo(c + 1);
    }

    @Test
    void resyncDropsReleasedNoncesTheNodeHasSeenUsed() {
        AtomicLong node = new AtomicLong(0);
        NonceManager nonces = new NonceManager(node::get);
        long a = nonces.reserve();
        long b = nonces.reserve();
        nonces.release(a); // kept for reuse
        node.set(1);       // but someone else used nonce 0 meanwhile
        nonces.resync();
        assertThat(nonces.reserve()).isEqualTo(b + 1);
    }
}
