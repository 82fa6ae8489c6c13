package dev.bursar.devnet.process;

import dev.bursar.devnet.DevnetException;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits until a real call says a peer is ready (eth_chainId answers, lnd reports synced), failing with what was
 * awaited and the last error; never a fixed sleep.
 */
public final class Readiness {

    private Readiness() {
    }

    /**
     * Polls {@code probe} every {@code interval} until it returns true; exceptions count as "not yet".
     * {@code owner}, if not null, is checked on each round so a crashed process fails fast with its log.
     */
    public static void await(String what, Duration timeout, Duration interval, ManagedProcess owner, BooleanSupplier probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            if (owner != null) {
                owner.ensureAlive();
            }
            try {
                if (probe.getAsBoolean()) {
                    return;
                }
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String detail = last == null ? "" : " (last error: " + last.getMessage() + ")";
                String log = owner == null ? "" : "; last lines of " + owner.log() + ":\n" + owner.tail(15);
                throw new DevnetException("timed out after " + timeout.toSeconds() + " s waiting for " + what + detail + log, last);
            }
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for " + what, e);
            }
        }
    }
}
