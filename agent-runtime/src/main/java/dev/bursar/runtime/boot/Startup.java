package dev.bursar.runtime.boot;

import dev.bursar.runtime.agent.AgentRegistry;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.runtime.store.IssuedKey;
import dev.bursar.runtime.store.Role;
import dev.bursar.runtime.store.UserStore;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;

/**
 * Start-up: creates the bootstrap users (each API key written once to an owner-only file), loads the agents (a
 * broken definition stops the boot naming file and field), takes the writer leases of the agents no other instance
 * drives and reconciles what a crash left open in their spend journal entries,
 * and loads the models so the first chat does not wait.
 */
@Singleton
public class Startup {

    private static final Logger LOG = Logger.getLogger(Startup.class);

    @Inject
    BursarConfig config;

    @Inject
    UserStore users;

    @Inject
    AgentRegistry registry;

    @Inject
    dev.bursar.runtime.lease.WriterLeases leases;

    @Inject
    CatalogModelProvider models;

    @Inject
    jakarta.enterprise.inject.Instance<dev.bursar.runtime.registry.AgentNetwork> network;

    void onStart(@Observes StartupEvent event) {
        bootstrapUsers();
        registry.load(config.agentsDir());
        leases.startDriving(List.copyOf(registry.all())); // takes the free writer leases and reconciles those agents
        if (config.registry().isPresent()) {
            network.get().start(); // registrations and resumed hires send transactions: only after the reconciliation
        }
        models.catalog().warmUp();
        LOG.infof("bursar runtime ready: %d agents, models %s", registry.all().size(), models.catalog().names());
    }

    private void bootstrapUsers() {
        Path keys = config.dataDir().resolve("keys");
        for (String entry : config.security().bootstrapUsers()) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("bursar.security.bootstrap-users: '" + entry + "' is not id:role");
            }
            if (users.find(parts[0]).isPresent()) {
                continue;
            }
            IssuedKey key = users.issueKey(parts[0], Role.valueOf(parts[1].toUpperCase(Locale.ROOT)));
            try {
                Files.createDirectories(keys);
                Path file = keys.resolve(parts[0] + ".key");
                Files.deleteIfExists(file);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, key.apiKey() + "\n");
                LOG.infof("created user %s (%s); its API key is in %s", parts[0], parts[1], file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the API key file for " + parts[0], e);
            }
        }
    }
}
