package dev.bursar.runtime.security;

import dev.bursar.runtime.store.User;
import dev.bursar.runtime.store.UserStore;
import io.quarkus.vertx.http.ManagementInterface;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Guards the Prometheus endpoint ({@code /q/metrics}), whose series are tagged with agent ids: a scrape must send
 * {@code Authorization: Bearer <key>} with an admin's API key, or with the token in the file named by
 * {@code bursar.metrics.token-file} (a scrape-only credential for Prometheus' {@code credentials_file}).
 * No or an unknown key gets 401, a user's key 403. Metrics are Vert.x routes, not REST resources, so this is a route
 * filter rather than a {@link ApiKeyFilter}; it also covers the management interface when one is enabled.
 */
@Singleton
public class MetricsAccessFilter {

    private static final Logger LOG = Logger.getLogger(MetricsAccessFilter.class);

    /** Runs before every route of the main router (Quarkus orders filters by descending priority, before routes). */
    static final int PRIORITY = 1_000;

    /** The shortest metrics token accepted; {@code openssl rand -hex 32} gives 64 characters. */
    static final int MIN_TOKEN_CHARS = 32;

    @Inject
    Instance<UserStore> users;

    @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRoot;

    @ConfigProperty(name = "quarkus.micrometer.export.prometheus.path", defaultValue = "metrics")
    String metricsPath;

    @Inject
    MetricsConfig config;

    private String guarded;
    private byte[] tokenHash;

    void onMainRouter(@Observes Filters filters) {
        init();
        filters.register(this::handle, PRIORITY);
    }

    void onManagementRouter(@Observes ManagementInterface management) {
        init();
        management.router().route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private synchronized void init() {
        if (guarded != null) {
            return;
        }
        guarded = resolve(nonApplicationRoot, metricsPath);
        Optional<Path> tokenFile = config.tokenFile();
        if (tokenFile.isPresent()) {
            String token;
            try {
                token = Files.readString(tokenFile.get()).strip();
            } catch (IOException e) {
                throw new IllegalStateException("bursar.metrics.token-file: cannot read " + tokenFile.get()
                        + " (check its path and permissions)", e);
            }
            if (token.length() < MIN_TOKEN_CHARS) {
                throw new IllegalStateException("bursar.metrics.token-file: the token in " + tokenFile.get()
                        + " has fewer than " + MIN_TOKEN_CHARS + " characters; write a random one, e.g. 'openssl rand -hex 32'");
            }
            tokenHash = sha256(token);
            LOG.infof("metrics at %s: admin API keys and the token in %s", guarded, tokenFile.get());
        }
    }

    /** The absolute path of the metrics endpoint, as Quarkus resolves it against the non-application root. */
    static String resolve(String nonApplicationRoot, String metricsPath) {
        if (metricsPath.startsWith("/")) {
            return trimSlashes(metricsPath);
        }
        return trimSlashes("/" + nonApplicationRoot + "/" + metricsPath);
    }

    /** Collapses repeated slashes and drops a trailing one: {@code //q//metrics/} → {@code /q/metrics}. */
    static String trimSlashes(String path) {
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    boolean guards(String path) {
        if (path == null) {
            return false;
        }
        String p = trimSlashes(path);
        return p.equals(guarded) || p.startsWith(guarded + "/");
    }

    void handle(RoutingContext ctx) {
        if (!guards(ctx.normalizedPath())) {
            ctx.next();
            return;
        }
        String header = ctx.request().getHeader("Authorization");
        String key = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : "";
        if (key.isEmpty()) {
            deny(ctx, 401, "metrics need an admin API key or the metrics token: send 'Authorization: Bearer <key>'");
            return;
        }
        if (tokenHash != null && MessageDigest.isEqual(tokenHash, sha256(key))) {
            ctx.next();
            return;
        }
        ctx.request().pause();
        ctx.vertx().<Optional<User>>executeBlocking(() -> users.get().authenticate(key), false).onComplete(r -> {
            ctx.request().resume();
            if (r.failed()) {
                LOG.warnf("metrics: cannot check an API key: %s", r.cause().getClass().getSimpleName());
                deny(ctx, 503, "cannot check the API key now; retry");
            } else if (r.result().isEmpty()) {
                deny(ctx, 401, "metrics need an admin API key or the metrics token: send 'Authorization: Bearer <key>'");
            } else if (!r.result().get().isAdmin()) {
                deny(ctx, 403, "only an admin's API key (or the metrics token) may read metrics");
            } else {
                ctx.next();
            }
        });
    }

    private static void deny(RoutingContext ctx, int status, String message) {
        var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"bursar\"");
        }
        response.end(new JsonObject().put("error", message).encode());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
