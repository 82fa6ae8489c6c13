package dev.bursar.runtime.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The demo runtime of {@link DevnetRuntimeResource}, plus a scrape-only metrics token in an owner-only file
 * ({@code bursar.metrics.token-file}), as a Prometheus deployment would configure it.
 */
public class MetricsTokenRuntimeResource extends DevnetRuntimeResource {

    static volatile String metricsToken;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        metricsToken = HexFormat.of().formatHex(random);
        Path file = dataDir.resolve("metrics.token");
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, metricsToken + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.put("bursar.metrics.token-file", file.toString());
        return config;
    }
}
