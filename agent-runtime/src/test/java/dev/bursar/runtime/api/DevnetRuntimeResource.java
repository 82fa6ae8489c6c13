package dev.bursar.runtime.api;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.runtime.demo.DemoSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts the devnet (anvil, LND, the Gemma model) for the runtime's API tests and prepares the demo agent on it the
 * way {@code ./bursar demo} does; the runtime under test reads the generated configuration.
 */
public class DevnetRuntimeResource implements QuarkusTestResourceLifecycleManager {

    static Path dataDir;
    static Devnet devnet;

    @Override
    public Map<String, String> start() {
        try {
            devnet = Devnet.builder().build().ensure(Component.EVM, Component.LIGHTNING, Component.MODEL);
            dataDir = Files.createTempDirectory("bursar-runtime-it-");
            Path state = dataDir.resolve("devnet.json");
            devnet.endpoints().writeTo(state);
            DemoSetup.main(new String[] {state.toString(), dataDir.toString()});
            return Map.of(
                    "bursar.data-dir", dataDir.toString(),
                    "bursar.agents-dir", dataDir.resolve("agents").toString(),
                    "bursar.local-model", devnet.modelPath().toString(),
                    "bursar.security.bootstrap-users", "admin:admin,demo:user,mallory:user",
                    "bursar.security.requests-per-minute", "1000");
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the devnet for the runtime tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (devnet != null) {
            devnet.close();
        }
    }

    static String key(String user) {
        try {
            return Files.readString(dataDir.resolve("keys").resolve(user + ".key")).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no API key file for " + user, e);
        }
    }
}
