package dev.bursar.devnet.process;

import dev.bursar.devnet.DevnetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessSupervisorTest {

    @TempDir
    Path dir;

    @Test
    void closeStopsEveryProcessAndItsChildren() throws Exception {
        List<ProcessHandle> tree;
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir)) {
            ManagedProcess shell = supervisor.start("tree", List.of("sh", "-c", "sleep 300 & sleep 300 & wait"), dir, Map.of());
            Readiness.await("two children", Duration.ofSeconds(10), Duration.ofMillis(50), shell,
                    () -> ProcessHandle.of(shell.pid()).orElseThrow().descendants().filter(p -> p.info().command()
                            .map(c -> c.endsWith("sleep")).orElse(false)).count() == 2);
            tree = ProcessHandle.of(shell.pid()).orElseThrow().descendants().toList();
            assertThat(tree).allMatch(ProcessHandle::isAlive);
        }
        for (ProcessHandle p : tree) {
            p.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(15), java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(p.isAlive()).as("pid %d", p.pid()).isFalse();
        }
    }

    @Test
    void aCrashedProcessFailsReadinessWithItsLog() {
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir)) {
            ManagedProcess failing = supervisor.start("failing", List.of("sh", "-c", "echo cannot bind port; exit 3"), dir, Map.of());
            assertThatThrownBy(() -> Readiness.await("never", Duration.ofSeconds(10), Duration.ofMillis(50), failing, () -> false))
                    .isInstanceOf(DevnetException.class)
                    .hasMessageContaining("failing exited with code 3")
                    .hasMessageContaining("cannot bind port");
        }
    }

    @Test
    void aMissingBinaryIsAClearError() {
        try (ProcessSupervisor supervisor = new ProcessSupervisor(dir)) {
            assertThatThrownBy(() -> supervisor.start("ghost", List.of(dir.resolve("no-such-binary").toString()), dir, Map.of()))
                    .isInstanceOf(DevnetException.class)
                    .hasMessageContaining("cannot start ghost");
        }
    }

    @Test
    void readinessTimesOutNamingWhatItAwaited() {
        assertThatThrownBy(() -> Readiness.await("the moon", Duration.ofMillis(200), Duration.ofMillis(20), null, () -> {
            throw new IllegalStateException("still dark");
        })).isInstanceOf(DevnetException.class).hasMessageContaining("the moon").hasMessageContaining("still dark");
    }

    @Test
    void freePortsAreOnLoopbackAndBindable() throws Exception {
        int port = FreePorts.next();
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
