package dev.bursar.runtime.boot;

import dev.bursar.runtime.model.ModelException;
import dev.bursar.runtime.store.BursarDatabase;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The unauthenticated {@code /q/health} answers: readiness (the database answers, every catalog model is loaded or
 * loadable) and wellness (every agent's chain node and LND node answered the last reachability probe), each only UP
 * or DOWN. They carry no data: no agent ids, addresses, balances, node or database URLs, model hosts or error
 * messages, and no request runs a balance RPC ({@link WalletReachability} probes at most once per 15 s). The detail
 * is {@link #detail()}, served to admins only at {@code GET /api/admin/health}.
 */
@ApplicationScoped
public class Health {

    @Inject
    BursarDatabase database;

    @Inject
    CatalogModelProvider models;

    @Inject
    WalletReachability wallets;

    @Readiness
    HealthCheck models() {
        return () -> HealthCheckResponse.named("models").status(modelStatuses().values().stream().allMatch(Status::up)).build();
    }

    @Readiness
    HealthCheck database() {
        return () -> HealthCheckResponse.named("database").status(databaseStatus().up()).build();
    }

    @Wellness
    HealthCheck wallets() {
        return () -> HealthCheckResponse.named("wallets").status(wallets.current().up()).build();
    }

    /** One subsystem's state and what an admin needs to act on it. */
    public record Status(boolean up, String detail) {
    }

    /** What the admin endpoint shows: each subsystem in detail, the wallets per agent and asset. */
    public record Detail(boolean up, Status database, Map<String, Status> models, boolean walletsUp,
                         Instant walletsCheckedAt, Map<String, String> wallets) {
    }

    /** The full picture for an authenticated admin; the wallets are the last probe's (at most 15 s old). */
    public Detail detail() {
        Status db = databaseStatus();
        Map<String, Status> m = modelStatuses();
        WalletReachability.Snapshot w = wallets.current();
        boolean up = db.up() && m.values().stream().allMatch(Status::up) && w.up();
        return new Detail(up, db, m, w.up(), w.checkedAt(), w.detail());
    }

    private Map<String, Status> modelStatuses() {
        Map<String, Status> out = new LinkedHashMap<>();
        for (String name : models.catalog().names()) {
            try {
                out.put(name, new Status(true, models.catalog().status(name)));
            } catch (ModelException e) {
                out.put(name, new Status(false, e.getMessage()));
            }
        }
        return out;
    }

    private Status databaseStatus() {
        String where = withoutParameters(database.url());
        try (Connection c = database.dataSource().getConnection()) {
            return new Status(c.isValid(2), where);
        } catch (SQLException e) {
            return new Status(false, where + ": " + e.getMessage());
        }
    }

    /** A JDBC URL without its parameters ({@code ?password=...}, H2's {@code ;PASSWORD=...}). */
    static String withoutParameters(String jdbcUrl) {
        if (jdbcUrl == null) {
            return "";
        }
        int cut = jdbcUrl.length();
        for (char c : new char[] {'?', ';'}) {
            int i = jdbcUrl.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return jdbcUrl.substring(0, cut);
    }
}
