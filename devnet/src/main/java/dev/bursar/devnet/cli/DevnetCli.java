package dev.bursar.devnet.cli;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.DevnetEndpoints;
import dev.bursar.devnet.DevnetException;
import dev.bursar.devnet.install.BursarCache;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bursar devnet up|down|status}: starts the devnet in the foreground (or detached), stops it, or reports on it.
 */
public final class DevnetCli {

    private static final String USAGE = """
            usage: bursar devnet up [--detach] [--only evm,lightning,model] [--chain-id N] [--block-time SECONDS] [--state FILE]
                   bursar devnet down [--state FILE]
                   bursar devnet status [--state FILE]
            """;

    private final PrintStream out;
    private final PrintStream err;

    DevnetCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = new DevnetCli(System.out, System.err).run(List.of(args));
        } catch (DevnetException | IllegalArgumentException e) {
            System.err.println("[devnet] error: " + e.getMessage());
            code = 1;
        }
        System.exit(code);
    }

    int run(List<String> args) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        Options options = Options.parse(args.subList(1, args.size()));
        return switch (args.get(0)) {
            case "up" -> options.detach ? upDetached(args.subList(1, args.size()), options) : up(options);
            case "down" -> down(options);
            case "status" -> status(options);
            default -> {
                err.print(USAGE);
                yield 2;
            }
        };
    }

    private int up(Options options) {
        refuseIfRunning(options.stateFile);
        Devnet devnet = Devnet.builder().chainId(options.chainId).blockTimeSeconds(options.blockTime).progress(err).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("[devnet] stopping ...");
            devnet.close();
            try {
                Files.deleteIfExists(options.stateFile);
            } catch (IOException ignored) {
                // a stale state file is detected by its dead pid
            }
            stopped.countDown();
        }, "devnet-cli-stop"));
        devnet.ensure(options.components);
        DevnetEndpoints endpoints = devnet.endpoints();
        endpoints.writeTo(options.stateFile);
        print(endpoints, options.stateFile);
        out.println("devnet is up; Ctrl-C or `./bursar devnet down` stops it.");
        out.flush();
        try {
            while (true) {
                Thread.sleep(Duration.ofSeconds(5));
                devnet.checkHealth();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DevnetException e) {
            err.println("[devnet] error: a devnet process died: " + e.getMessage());
        }
        return 1;
    }

    private int upDetached(List<String> args, Options options) {
        refuseIfRunning(options.stateFile);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), DevnetCli.class.getName(), "up"));
        args.stream().filter(a -> !a.equals("--detach")).forEach(command::add);
        Path log = options.stateFile.resolveSibling("devnet-up.log");
        try {
            Files.createDirectories(log.getParent());
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(new File("/dev/null")).start();
            err.println("[devnet] starting in the background (pid " + child.pid() + "), log: " + log);
            while (child.isAlive()) {
                if (Files.isRegularFile(options.stateFile)) {
                    print(DevnetEndpoints.readFrom(options.stateFile), options.stateFile);
                    out.println("devnet is up in the background; `./bursar devnet down` stops it.");
                    return 0;
                }
                Thread.sleep(500);
            }
            err.println("[devnet] error: the background devnet exited with code " + child.exitValue() + "; its log:");
            err.println(Files.readString(log));
            return 1;
        } catch (IOException e) {
            throw new DevnetException("cannot start the background devnet: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int down(Options options) {
        if (!Files.isRegularFile(options.stateFile)) {
            out.println("no devnet is running (no " + options.stateFile + ")");
            return 0;
        }
        DevnetEndpoints state = DevnetEndpoints.readFrom(options.stateFile);
        Optional<ProcessHandle> supervisor = ProcessHandle.of(state.supervisorPid());
        supervisor.ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).exceptionally(t -> null).join();
        });
        int killed = 0;
        for (long pid : state.childPids()) {
            Optional<ProcessHandle> child = ProcessHandle.of(pid);
            if (child.isPresent() && child.get().isAlive()) {
                child.get().descendants().forEach(ProcessHandle::destroyForcibly);
                child.get().destroyForcibly();
                killed++;
            }
        }
        try {
            Files.deleteIfExists(options.stateFile);
        } catch (IOException e) {
            throw new DevnetException("cannot delete " + options.stateFile + ": " + e.getMessage(), e);
        }
        out.println("devnet stopped" + (killed > 0 ? " (" + killed + " orphaned processes killed)" : ""));
        return 0;
    }

    private int status(Options options) {
        if (!Files.isRegularFile(options.stateFile)) {
            out.println("devnet: not running");
            return 3;
        }
        DevnetEndpoints state = DevnetEndpoints.readFrom(options.stateFile);
        boolean alive = ProcessHandle.of(state.supervisorPid()).map(ProcessHandle::isAlive).orElse(false);
        long childrenAlive = state.childPids().stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).count();
        out.println("devnet: " + (alive ? "running" : "NOT running (stale state; run `./bursar devnet down`)")
                + ", supervisor pid " + state.supervisorPid() + ", " + childrenAlive + "/" + state.childPids().size() + " processes alive");
        print(state, options.stateFile);
        return alive ? 0 : 3;
    }

    private void refuseIfRunning(Path stateFile) {
        if (Files.isRegularFile(stateFile)) {
            DevnetEndpoints state = DevnetEndpoints.readFrom(stateFile);
            if (ProcessHandle.of(state.supervisorPid()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new DevnetException("a devnet is already running (pid " + state.supervisorPid() + ", state "
                        + stateFile + "); stop it with `./bursar devnet down`");
            }
            down(new Options(Set.of(), 0, 0, false, stateFile));
        }
    }

    private void print(DevnetEndpoints e, Path stateFile) {
        if (e.evm() != null) {
            out.println("EVM (anvil)");
            out.println("  rpc url   " + e.evm().rpcUrl());
            out.println("  chain id  " + e.evm().chainId());
            out.println("  funded dev accounts (anvil's public test keys, never use them with real value):");
            e.evm().accounts().forEach(a -> out.println("    " + a.address() + "  " + a.privateKey()));
        }
        if (e.lightning() != null) {
            out.println("Lightning (" + e.lightning().network() + ", btcd " + e.lightning().btcdRpcHost() + ")");
            e.lightning().nodes().values().forEach(n -> {
                out.println("  " + n.alias() + "  " + n.pubkey());
                out.println("    grpc      " + n.grpcHost() + ":" + n.grpcPort());
                out.println("    tls cert  " + n.tlsCert());
                out.println("    macaroon  " + n.adminMacaroon() + " (admin), " + n.invoiceMacaroon() + " (invoice)");
            });
        }
        if (e.model() != null) {
            out.println("Model");
            out.println("  path      " + e.model().path() + " (sha256 " + e.model().sha256() + ")");
        }
        out.println("state file  " + stateFile);
    }

    /** Parsed command-line options of the devnet commands. */
    record Options(Set<Component> components, long chainId, int blockTime, boolean detach, Path stateFile) {

        static Options parse(List<String> args) {
            Set<Component> components = EnumSet.allOf(Component.class);
            long chainId = 31337;
            int blockTime = 0;
            boolean detach = false;
            Path state = BursarCache.fromEnvironment().dir("devnet").resolve("devnet.json");
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--detach" -> detach = true;
                    case "--only" -> {
                        components = EnumSet.noneOf(Component.class);
                        for (String c : value(args, ++i, arg).split(",")) {
                            try {
                                components.add(Component.valueOf(c.trim().toUpperCase(Locale.ROOT)));
                            } catch (IllegalArgumentException e) {
                                throw new IllegalArgumentException("unknown component '" + c + "' (use evm, lightning, model)");
                            }
                        }
                    }
                    case "--chain-id" -> chainId = number(value(args, ++i, arg), arg);
                    case "--block-time" -> blockTime = (int) number(value(args, ++i, arg), arg);
                    case "--state" -> state = Path.of(value(args, ++i, arg)).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
                }
            }
            return new Options(components, chainId, blockTime, detach, state);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        private static long number(String value, String option) {
            try {
                long n = Long.parseLong(value);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a non-negative whole number, got '" + value + "'");
            }
        }
    }
}
