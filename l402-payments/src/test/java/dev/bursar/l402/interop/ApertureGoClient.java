package dev.bursar.l402.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bursar.devnet.install.ApertureBinary;
import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.GoModuleBuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Go driver in {@code src/test/go/l402goclient}: it buys a URL the way Aperture's Go client does, with Aperture's
 * own {@code l402} package (challenge regex, {@code Token.PaidMacaroon}'s preimage caveat, {@code l402.SetHeader}),
 * and leaves the payment to its caller. Built once per source hash by {@link GoModuleBuild#buildSources}.
 */
final class ApertureGoClient {

    private static final Path SOURCES = Path.of("src", "test", "go", "l402goclient");
    private static final List<String> FILES = List.of("go.mod", "go.sum", "main.go");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofMinutes(1);

    private final Path binary;

    private ApertureGoClient(Path binary) {
        this.binary = binary;
    }

    /** Builds the driver against Aperture {@value ApertureBinary#VERSION} if it is not cached (a minute the first time). */
    static ApertureGoClient build() {
        return new ApertureGoClient(new GoModuleBuild(BursarCache.fromEnvironment(), System.err)
                .buildSources("l402goclient", SOURCES, FILES, "l402goclient", Duration.ofMinutes(20)));
    }

    /**
     * Starts a purchase of {@code url}: the driver fetches it, expects a 402 and reports the challenge it read.
     *
     * @param tamper whether the driver's preimage caveat should name another preimage than the one it sends
     * @param logDir where the driver's stderr goes
     */
    Run start(URI url, boolean tamper, Path logDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if (tamper) {
            command.add("-tamper");
        }
        command.add(url.toString());
        Path stderr = logDir.resolve("l402goclient-stderr.log");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new Run(process, stderr);
    }

    /** One run of the driver: read its challenge, hand it the preimage, read what the paid request got. */
    static final class Run implements AutoCloseable {

        private final Process process;
        private final Path stderr;
        private final BufferedReader out;
        private final JsonNode challenge;

        private Run(Process process, Path stderr) throws IOException {
            this.process = process;
            this.stderr = stderr;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.challenge = readLine();
        }

        /** What the driver took from the 402: {@code scheme}, {@code invoice}, and {@code paymentHash} (hex, from the macaroon). */
        JsonNode challenge() {
            return challenge;
        }

        /** Gives the driver the preimage of the paid invoice; returns the {@code status} and {@code body} of its paid request. */
        JsonNode pay(String preimageHex) throws IOException, InterruptedException {
            try (Writer in = process.outputWriter(StandardCharsets.US_ASCII)) {
                in.write(preimageHex + "\n");
            }
            JsonNode result = readLine();
            if (!process.waitFor(STEP.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("l402goclient did not exit cleanly: " + Files.readString(stderr));
            }
            return result;
        }

        private JsonNode readLine() throws IOException {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                String text = line.get(STEP.toSeconds(), TimeUnit.SECONDS);
                if (text == null) {
                    process.waitFor(5, TimeUnit.SECONDS);
                    throw new IllegalStateException("l402goclient stopped early: " + Files.readString(stderr));
                }
                return JSON.readTree(text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for l402goclient", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("l402goclient printed no line within " + STEP + ": " + Files.readString(stderr), e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
