package dev.bursar.runtime.boot;

import dev.bursar.runtime.registry.AgentNetwork;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

import dev.bursar.ranking.UniswapV2Market;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.runtime.agent.AgentFactory;
import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.agent.RuntimePlugins;
import dev.bursar.tools.plugin.PluginCatalog;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.security.RateLimiter;
import dev.bursar.runtime.store.AddressBookStore;
import dev.bursar.runtime.store.AgentStore;
import dev.bursar.runtime.store.JdbcAddressBookStore;
import dev.bursar.runtime.store.BursarDatabase;
import dev.bursar.runtime.store.JdbcAgentStore;
import dev.bursar.runtime.store.JdbcChatMemoryStore;
import dev.bursar.runtime.store.JdbcIndexStore;
import dev.bursar.runtime.store.JdbcSpendJournal;
import dev.bursar.runtime.store.JdbcAgentLeases;
import dev.bursar.runtime.store.SqlDialect;
import dev.bursar.runtime.lease.WriterLeases;
import dev.bursar.runtime.store.JdbcUserStore;
import dev.bursar.runtime.store.UserStore;
import dev.bursar.wallet.SpendListener;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Wires the plain libraries into the Quarkus app: the database (embedded H2 or PostgreSQL), its stores, the spend
 * ledger over the JDBC journal, the model catalog, the agent factory and registry.
 */
@ApplicationScoped
public class RuntimeBeans {

    @Produces
    @Singleton
    BursarDatabase database(BursarConfig config) {
        BursarConfig.Database db = config.database();
        if (db.url().isEmpty()) {
            return BursarDatabase.embedded(config.dataDir());
        }
        String password = db.passwordFile().map(p -> {
            try {
                return Files.readString(p).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the database password file " + p, e);
            }
        }).orElse("");
        return BursarDatabase.connect(db.url().get(), db.username().orElse(""), password);
    }

    void close(@Disposes BursarDatabase db) {
        db.close();
    }

    @Produces
    @Singleton
    UserStore users(BursarDatabase db) {
        return new JdbcUserStore(db.dataSource());
    }

    @Produces
    @Singleton
    AgentStore agents(BursarDatabase db) {
        return new JdbcAgentStore(db.dataSource());
    }

    @Produces
    @Singleton
    ChatMemoryStore memory(BursarDatabase db) {
        return new JdbcChatMemoryStore(db.dataSource());
    }

    @Produces
    @Singleton
    JdbcAgentLeases agentLeases(BursarConfig config, BursarDatabase db) {
        // the embedded H2 file is locked by one process, so a restart after a crash is that same writer and takes its
        // leases back at once; on PostgreSQL a random id per start, since two processes may share the database
        String id = config.instance().id().orElseGet(() -> db.dialect() == SqlDialect.H2 ? "embedded" : "instance-" + java.util.UUID.randomUUID());
        return new JdbcAgentLeases(db.dataSource(), id, instanceUrl(config), config.instance().leaseTtl());
    }

    /**
     * On PostgreSQL every append checks this instance's writer lease of the agent it is for; the embedded H2 database
     * is one process's file (H2 refuses a second one), so there is no other writer to fence out.
     */
    @Produces
    @Singleton
    SpendLedger ledger(BursarDatabase db, JdbcAgentLeases leases) {
        return SpendLedger.open(new JdbcSpendJournal(db.dataSource(), db.dialect() == SqlDialect.POSTGRESQL ? leases.fence() : null));
    }

    @Produces
    @Singleton
    WriterLeases writerLeases(BursarConfig config, JdbcAgentLeases leases, AgentRegistry registry, SpendLedger ledger) {
        return new WriterLeases(leases, registry, ledger, instanceUrl(config));
    }

    void closeLeases(@Disposes WriterLeases leases) {
        leases.close();
    }

    private static String instanceUrl(BursarConfig config) {
        return config.instance().url().orElseGet(() -> "http://127.0.0.1:"
                + org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080));
    }

    @Produces
    @Singleton
    AddressBookStore addressBooks(BursarDatabase db) {
        return new JdbcAddressBookStore(db.dataSource());
    }

    @Produces
    @Singleton
    CatalogModelProvider models(BursarConfig config) {
        return new CatalogModelProvider(config);
    }

    @Produces
    @Singleton
    PluginCatalog plugins(BursarConfig config) {
        return RuntimePlugins.load(Optional.of(config.pluginsDir().orElse(config.dataDir().resolve("plugins"))));
    }

    void closePlugins(@Disposes PluginCatalog plugins) {
        plugins.close();
    }

    @Produces
    @Singleton
    RateLimiter rateLimiter(BursarConfig config) {
        return new RateLimiter(config.security().requestsPerMinute());
    }

    @Produces
    @Singleton
    AgentRegistry registry(BursarConfig config, CatalogModelProvider models, SpendLedger ledger, ChatMemoryStore memory,
                           AgentStore store, MeterRegistry metrics, AddressBookStore addressBooks, Instance<AgentNetwork> network,
                           PluginCatalog plugins) {
        SpendListener meter = new SpendListener() {
            @Override
            public void decided(LedgerEntry e) {
                if (e.state().name().equals("DENIED")) {
                    metrics.counter("bursar.policy.denials", "agent", e.intent().agentId(), "rule", e.rule()).increment();
                }
            }

            @Override
            public void settled(LedgerEntry e) {
                // A count per asset: exact amounts live in the journal (a metric is a double and would round wei).
                metrics.counter("bursar.payments", "agent", e.intent().agentId(), "asset", e.intent().amount().asset().id(),
                        "state", e.state().name()).increment();
            }
        };
        AgentFactory factory = new AgentFactory(models, ledger, memory, List.of(), List.of(meter), config.chat().maxToolCallsPerTurn(),
                config.dataDir(), addressBooks, markets(config), config.forkAnvil(),
                config.registry().isPresent() ? Optional.of(network.get()) : Optional.empty(), plugins);
        return new AgentRegistry(factory, store);
    }

    /** The agent registry this runtime takes part in, when {@code bursar.registry} is configured. */
    @Produces
    @Singleton
    AgentNetwork network(BursarConfig config, BursarDatabase db) {
        BursarConfig.Registry registry = config.registry().orElseThrow(() -> new jakarta.enterprise.inject.CreationException(
                "bursar.registry is not configured"));
        return new AgentNetwork(registry, config.dataDir(), markets(config), ref -> new JdbcIndexStore(db.dataSource(), ref));
    }

    void closeNetwork(@Disposes AgentNetwork network) {
        network.close();
    }

    private static List<UniswapV2Market> markets(BursarConfig config) {
        List<UniswapV2Market> out = new java.util.ArrayList<>();
        config.uniswapV2().forEach((chain, m) -> {
            try {
                out.add(new UniswapV2Market(Long.parseLong(chain), EvmAddress.of(m.factory()), EvmAddress.of(m.router()),
                        EvmAddress.of(m.weth())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bursar.uniswap-v2." + chain + ": needs a numeric chain id and three 0x addresses ("
                        + e.getMessage() + ")", e);
            }
        });
        return out;
    }

    void closeRegistry(@Disposes AgentRegistry registry) {
        registry.close();
    }
}
