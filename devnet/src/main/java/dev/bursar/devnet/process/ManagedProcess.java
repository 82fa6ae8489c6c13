package dev.bursar.devnet.process;

import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One child process of the devnet (anvil, btcd, an lnd node) with its log file; its owner stops it and its children.
 */
public final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path log;

    ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Throws with the end of the process's log if it has exited. */
    public void ensureAlive() {
        if (!process.isAlive()) {
            throw new DevnetException(name + " exited with code " + process.exitValue() + "; last lines of " + log + ":\n" + tail(20));
        }
    }

    /**
     * Waits up to {@code timeout} for a server process to answer {@code url} with HTTP 200 (a health endpoint).
     *
     * @throws DevnetException with the end of its log if it exits first or does not answer in time
     */
    public void awaitHttpOk(java.net.URI url, Duration timeout) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long until = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < until) {
            ensureAlive();
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for " + name + " to answer " + url, e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DevnetException("interrupted while waiting for " + name + " to answer " + url, e);
            }
        }
        throw new DevnetException(name + " did not answer " + url + " within " + timeout + "; last lines of " + log + ":\n" + tail(40));
    }

    /**
     * Waits up to {@code timeout} for a process that runs once (such as a client script) to exit.
     *
     * @return its exit code, or empty if it still runs
     */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while waiting for " + name + " to exit", e);
        }
    }

    /** The last {@code lines} lines of the process's output. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops the process and every process it started: SIGTERM, then SIGKILL after the grace period. */
    void stop(long graceMillis) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        tree.forEach(ProcessHandle::destroy);
        try {
            process.onExit().get(graceMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            process.destroyForcibly();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
}
