package dev.bursar.runtime.boot;

import dev.bursar.wallet.PeerUnavailableException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** How often the health endpoint's wallet probe reaches the nodes, however often health is asked. */
class WalletReachabilityTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicInteger balanceCalls = new AtomicInteger();
    private volatile boolean nodeDown;

    private Map<String, Runnable> probes() {
        Map<String, Runnable> out = new LinkedHashMap<>();
        out.put("demo:ETH", balanceCalls::incrementAndGet);
        out.put("demo:BTC", () -> {
            balanceCalls.incrementAndGet();
            if (nodeDown) {
                throw new PeerUnavailableException("LND at 127.0.0.1:10009 did not answer ChannelBalance", null);
            }
        });
        return out;
    }

    @Test
    void aThousandHealthRequestsWithinTheTtlQueryEachNodeOnce() {
        WalletReachability r = new WalletReachability(this::probes, Duration.ofSeconds(15), clock, Runnable::run);

        for (int i = 0; i < 1000; i++) {
            assertThat(r.current().up()).isTrue();
            clock.now = clock.now.plusMillis(10); // 10 s in all
        }

        assertThat(balanceCalls).hasValue(2); // one probe: one balance query per agent and asset
    }

    @Test
    void aStaleResultIsAnsweredAtOnceWhileOneBackgroundProbeRuns() {
        Deque<Runnable> background = new ArrayDeque<>();
        boolean[] queue = {false};
        WalletReachability r = new WalletReachability(this::probes, Duration.ofSeconds(15), clock,
                task -> {
                    if (queue[0]) {
                        background.add(task);
                    } else {
                        task.run();
                    }
                });
        assertThat(r.current().up()).isTrue(); // the first probe, run inline
        assertThat(balanceCalls).hasValue(2);
        queue[0] = true;

        clock.now = clock.now.plusSeconds(16);
        nodeDown = true;
        for (int i = 0; i < 50; i++) {
            assertThat(r.current().up()).isTrue(); // the last probe's answer, without waiting for the node
        }
        assertThat(background).hasSize(1); // fifty stale requests started one probe, not fifty
        background.removeFirst().run();

        WalletReachability.Snapshot down = r.current();
        assertThat(down.up()).isFalse();
        assertThat(down.detail()).containsEntry("demo:ETH", "reachable")
                .hasEntrySatisfying("demo:BTC", m -> assertThat(m).contains("did not answer"));
        assertThat(balanceCalls).hasValue(4);
        assertThat(background).isEmpty();
    }

    @Test
    void aNodeThatComesBackIsUpAfterTheNextProbe() {
        nodeDown = true;
        WalletReachability r = new WalletReachability(this::probes, Duration.ofSeconds(15), clock, Runnable::run);
        assertThat(r.current().up()).isFalse();

        nodeDown = false;
        clock.now = clock.now.plusSeconds(5);
        assertThat(r.current().up()).isFalse(); // still the cached probe
        clock.now = clock.now.plusSeconds(11);
        r.current(); // stale: this request starts the probe (run inline here)
        assertThat(r.current().up()).isTrue();
        assertThat(balanceCalls).hasValue(4);
    }
}
