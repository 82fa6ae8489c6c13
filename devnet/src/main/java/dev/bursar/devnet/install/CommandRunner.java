package dev.bursar.devnet.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one install step (npm, pip, go) to completion, logging its output to a file, printing a heartbeat while it
 * runs and failing with the exact command and the tail of its output.
 */
public final class CommandRunner {

    private static final int TAIL_LINES = 25;

    private final PrintStream progress;
    private final Duration heartbeat;

    public CommandRunner(PrintStream progress) {
        this(progress, Duration.ofSeconds(30));
    }

    public CommandRunner(PrintStream progress, Duration heartbeat) {
        this.progress = progress;
        this.heartbeat = heartbeat;
    }

    /**
     * Runs {@code command} in {@code workDir} with extra environment {@code env}, appending its output to {@code log}.
     *
     * @param what a short description used in progress lines and errors, such as "building lnd v0.20.2-beta"
     * @param timeout the longest the step may take
     * @return the command's standard output and error, interleaved
     */
    public String run(String what, List<String> command, Path workDir, Map<String, String> env, Path log, Duration timeout) {
        progress.println("[devnet] " + what + " ...");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(log.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new InstallException(what + " failed: cannot start '" + String.join(" ", command) + "': " + e.getMessage()
                    + ". Is " + command.get(0) + " installed and on PATH?", e);
        }
        StringBuilder all = new StringBuilder();
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = Thread.ofPlatform().daemon().name("install-output").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
                out.write("$ " + String.join(" ", command) + "\n");
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    synchronized (tail) {
                        all.append(line).append('\n');
                        tail.addLast(line);
                        if (tail.size() > TAIL_LINES) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException ignored) {
                // the process died; its exit code tells the story
            }
        });
        try {
            long deadline = started + timeout.toNanos();
            while (!process.waitFor(heartbeat.toMillis(), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new InstallException(what + " timed out after " + timeout.toMinutes() + " min: '"
                            + String.join(" ", command) + "'; its output is in " + log);
                }
                progress.println("[devnet]   still " + what + " (" + elapsed(started) + "; log: " + log + ")");
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InstallException(what + " was interrupted", e);
        }
        if (process.exitValue() != 0) {
            String lastLines;
            synchronized (tail) {
                lastLines = String.join("\n", tail);
            }
            throw new InstallException(what + " failed with exit code " + process.exitValue() + ": '"
                    + String.join(" ", command) + "' in " + workDir + "\n" + lastLines + "\n(full output: " + log + ")");
        }
        progress.println("[devnet] " + what + " done in " + elapsed(started));
        synchronized (tail) {
            return all.toString();
        }
    }

    private static String elapsed(long startedNanos) {
        long seconds = Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
        return seconds >= 60 ? (seconds / 60) + "m" + (seconds % 60) + "s" : seconds + "s";
    }
}
