package dev.bursar.devnet.cli;

import dev.bursar.devnet.DevnetEndpoints;
import dev.bursar.devnet.process.Readiness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user runs it, in its own JVM: up, status, down and Ctrl-C leave no process behind. */
class DevnetCliIT {

    @TempDir
    Path dir;

    @Test
    void upDetachedThenDownLeavesNoProcessRunning() throws Exception {
        Path state = dir.resolve("devnet.json");
        Process up = cli("up", "--detach", "--only", "evm", "--state", state.toString());
        assertThat(up.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).as(output(up)).isZero();

        DevnetEndpoints endpoints = DevnetEndpoints.readFrom(state);
        List<Long> pids = new ArrayList<>(endpoints.childPids());
        pids.add(endpoints.supervisorPid());
        assertThat(pids).allMatch(DevnetCliIT::alive);

        Process status = cli("status", "--state", state.toString());
        assertThat(status.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output(status)).contains("devnet: running").contains(endpoints.evm().rpcUrl());

        Process down = cli("down", "--state", state.toString());
        assertThat(down.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(output(down)).contains("devnet stopped");
        assertThat(pids).noneMatch(DevnetCliIT::alive);
        assertThat(state).doesNotExist();
    }

    @Test
    void ctrlCInTheForegroundStopsEverything() throws Exception {
        Path state = dir.resolve("devnet.json");
        Process up = cli("up", "--only", "evm", "--state", state.toString());
        Readiness.await("the devnet state file", Duration.ofSeconds(120), Duration.ofMillis(200), null, () -> Files.isRegularFile(state));
        List<Long> children = DevnetEndpoints.readFrom(state).childPids();
        assertThat(children).isNotEmpty().allMatch(DevnetCliIT::alive);

        new ProcessBuilder("kill", "-INT", Long.toString(up.pid())).start().waitFor();

        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Readiness.await("children to exit", Duration.ofSeconds(15), Duration.ofMillis(100), null,
                () -> children.stream().noneMatch(DevnetCliIT::alive));
        assertThat(state).doesNotExist();
    }

    @Test
    void aSecondUpIsRefusedWhileOneRuns() throws Exception {
        Path state = dir.resolve("devnet.json");
        Process first = cli("up", "--detach", "--only", "evm", "--state", state.toString());
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        try {
            Process second = cli("up", "--only", "evm", "--state", state.toString());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isNotZero();
            assertThat(output(second)).contains("a devnet is already running");
        } finally {
            cli("down", "--state", state.toString()).waitFor(90, TimeUnit.SECONDS);
        }
    }

    private final Map<Process, Path> logs = new HashMap<>();

    private Process cli(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevnetCli.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "cli-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        logs.put(process, log);
        return process;
    }

    private String output(Process process) throws IOException {
        return Files.readString(logs.get(process));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
