package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.runtime.model.ModelException;
import dev.bursar.runtime.store.BursarDatabase;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.WalletException;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Readiness: the database answers and every catalog model is loaded or loadable; wellness: every agent's chain node
 * and LND node answer a balance query.
 */
@ApplicationScoped
public class Health {

    @Inject
    BursarDatabase database;

    @Inject
    AgentRegistry registry;

    @Inject
    CatalogModelProvider models;

    @Readiness
    HealthCheck models() {
        return () -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("models").up();
            for (String name : models.catalog().names()) {
                try {
                    b.withData(name, models.catalog().status(name));
                } catch (ModelException e) {
                    b.down().withData(name, e.getMessage());
                }
            }
            return b.build();
        };
    }

    @Readiness
    HealthCheck database() {
        return () -> {
            try (Connection c = database.dataSource().getConnection()) {
                return HealthCheckResponse.named("database").status(c.isValid(2)).withData("url", database.url()).build();
            } catch (SQLException e) {
                return HealthCheckResponse.named("database").down().withData("error", e.getMessage()).build();
            }
        };
    }

    @Wellness
    HealthCheck wallets() {
        return () -> {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("wallets").up();
            for (RunningAgent agent : registry.all()) {
                for (Asset asset : agent.assets()) {
                    if (asset instanceof Asset.Erc20Token) {
                        continue;
                    }
                    try {
                        agent.wallet().balance(asset);
                        b.withData(agent.id() + ":" + asset.id(), "reachable");
                    } catch (WalletException e) {
                        b.down().withData(agent.id() + ":" + asset.id(), e.getMessage());
                    }
                }
            }
            return b.build();
        };
    }
}
