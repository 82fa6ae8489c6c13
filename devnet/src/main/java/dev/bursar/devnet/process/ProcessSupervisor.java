package dev.bursar.devnet.process;

import dev.bursar.devnet.DevnetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts the devnet's child processes and guarantees none outlives its owner: each child is started from one
 * long-lived thread with a parent-death signal (Linux {@code setpriv --pdeathsig}), a shutdown hook stops them on
 * Ctrl-C, and {@link #close()} stops each process tree in reverse start order.
 */
public final class ProcessSupervisor implements AutoCloseable {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final long GRACE_MILLIS = 10_000;

    private final Path logDir;
    private final List<ManagedProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "devnet-launcher");
        t.setDaemon(true);
        return t;
    });
    private final Thread shutdownHook = new Thread(this::stopAll, "devnet-shutdown");
    private volatile boolean closed;

    public ProcessSupervisor(Path logDir) {
        this.logDir = logDir;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code command} in {@code workDir}, its output going to {@code <logDir>/<name>.log}. */
    public ManagedProcess start(String name, List<String> command, Path workDir, Map<String, String> env) {
        if (closed) {
            throw new IllegalStateException("the devnet is stopped");
        }
        requireExecutable(name, command.get(0));
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            full.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        full.addAll(command);
        Path log = logDir.resolve(name + ".log");
        Future<ManagedProcess> started = launcher.submit(() -> {
            Files.createDirectories(logDir);
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            return new ManagedProcess(name, builder.start(), log);
        });
        try {
            ManagedProcess process = started.get();
            processes.add(process);
            return process;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause instanceof IOException ? cause.getMessage() : String.valueOf(cause);
            throw new DevnetException("cannot start " + name + " ('" + String.join(" ", command) + "'): " + why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevnetException("interrupted while starting " + name, e);
        }
    }

    /** setpriv would start and then fail to exec, so a missing binary is caught here, before the wrapper runs. */
    private static void requireExecutable(String name, String program) {
        boolean found = program.contains("/") ? Files.isExecutable(Path.of(program))
                : java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
        if (!found) {
            throw new DevnetException("cannot start " + name + ": " + program + " is missing or not executable");
        }
    }

    /** Stops one process started here (used when a port turned out to be taken). */
    public void stop(ManagedProcess process) {
        process.stop(GRACE_MILLIS);
        processes.remove(process);
    }

    public List<ManagedProcess> processes() {
        synchronized (processes) {
            return List.copyOf(processes);
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void stopAll() {
        if (closed) {
            return;
        }
        closed = true;
        List<ManagedProcess> toStop;
        synchronized (processes) {
            toStop = new ArrayList<>(processes);
            processes.clear();
        }
        Collections.reverse(toStop);
        for (ManagedProcess p : toStop) {
            p.stop(GRACE_MILLIS);
        }
        launcher.shutdownNow();
    }
}
