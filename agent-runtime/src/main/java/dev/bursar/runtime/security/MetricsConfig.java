package dev.bursar.runtime.security;

import io.smallrye.config.ConfigMapping;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Who may read {@code /q/metrics} besides admins ({@code bursar.metrics.*}; see {@link MetricsAccessFilter}).
 */
@ConfigMapping(prefix = "bursar.metrics")
public interface MetricsConfig {

    /**
     * A file holding a scrape-only bearer token (at least 32 characters, e.g. {@code openssl rand -hex 32}) that
     * Prometheus sends instead of an admin API key ({@code authorization: {credentials_file: ...}}).
     */
    Optional<Path> tokenFile();
}
