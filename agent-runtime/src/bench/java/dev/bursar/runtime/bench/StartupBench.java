package dev.bursar.runtime.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * JVM start to ready for the packaged runtime ({@code quarkus-run.jar}) without a model: the time from starting the
 * process to the first 200 from {@code /q/health/ready}, on a fresh data directory (database created and migrated,
 * admin key written), on a restart, and on a restart with a dynamic class-data-sharing archive written by an earlier
 * run (what {@code ./bursar demo} does), against a bare JVM that prints "hello" and exits, in the same run.
 * Usage: StartupBench [rounds, default 5] [path to quarkus-run.jar, default target/quarkus-app/quarkus-run.jar].
 */
public final class StartupBench {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private StartupBench() {
    }

    public static void main(String[] args) {
        BenchExit.after(() -> run(args));
    }

    private static void run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path jar = Path.of(args.length > 1 ? args[1] : "target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the runtime first "
                    + "(mvn -B -pl agent-runtime -am package -DskipTests)");
        }
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        System.out.printf("%n[bench] %s, %d cpus, load average %.2f%n", jar, Runtime.getRuntime().availableProcessors(), load());
        List<double[]> rows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            double hello = hello(javaBin, classpath);
            Path data = Files.createTempDirectory("bursar-startup-bench-");
            try {
                double[] fresh = appStart(javaBin, jar, data, http, List.of());
                double[] restart = appStart(javaBin, jar, data, http, List.of());
                List<String> cds = List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + data.resolve("runtime.jsa"));
                appStart(javaBin, jar, data, http, cds); // writes the archive when it exits
                double[] cdsRestart = appStart(javaBin, jar, data, http, cds);
                rows.add(new double[] {hello, fresh[0], restart[0], cdsRestart[0]});
                System.out.printf("round %d: hello JVM %6.0f ms | runtime fresh data dir %6.0f ms to ready (Quarkus: started in %.3f s) "
                                + "| restart %6.0f ms (started in %.3f s) | restart with CDS archive %6.0f ms (started in %.3f s) "
                                + "| ratio restart/hello %.1f (load %.2f)%n",
                        round, hello, fresh[0], fresh[1], restart[0], restart[1], cdsRestart[0], cdsRestart[1], restart[0] / hello, load());
            } finally {
                delete(data);
            }
        }
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (double[] r : rows) {
            for (int i = 0; i < 4; i++) {
                best[i] = Math.min(best[i], r[i]);
            }
        }
        System.out.printf("best: hello %.0f ms, fresh %.0f ms, restart %.0f ms, restart with CDS archive %.0f ms; ratio restart/hello %.1f%n",
                best[0], best[1], best[2], best[3], best[2] / best[0]);
    }

    private static double hello(String javaBin, String classpath) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(javaBin, "-cp", classpath, HelloMain.class.getName())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the hello JVM failed");
        }
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Starts the runtime, waits for readiness, stops it; returns {ms to ready, Quarkus' own "started in" seconds}. */
    private static double[] appStart(String javaBin, Path jar, Path data, HttpClient http, List<String> jvmFlags) throws Exception {
        int port = freePort();
        Path log = Files.createTempFile(data, "runtime-", ".log");
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long t0 = System.nanoTime();
        List<String> command = new ArrayList<>(List.of(javaBin));
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dquarkus.http.port=" + port, "-Dbursar.data-dir=" + data, "-jar", jar.toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = t0 + Duration.ofSeconds(60).toNanos();
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the runtime exited with " + p.exitValue() + "; its log: " + Files.readString(log));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the runtime was not ready within 60 s; its log: " + Files.readString(log));
                }
                Thread.sleep(5);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            Matcher m = STARTED.matcher(Files.readString(log));
            return new double[] {ms, m.find() ? Double.parseDouble(m.group(1)) : Double.NaN};
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
