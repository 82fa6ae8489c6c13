package dev.bursar.runtime.api;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.runtime.demo.DemoSetup;
import dev.bursar.runtime.store.PostgresExtension;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the devnet (anvil, LND, the Gemma model) for the runtime's API tests and prepares the demo agent on it the
 * way {@code ./bursar demo} does; the runtime under test reads the generated configuration. With the init argument
 * {@code database=postgres} the runtime keeps its data in a fresh PostgreSQL database (Debian's server on loopback)
 * instead of the embedded H2 file.
 */
public class DevnetRuntimeResource implements QuarkusTestResourceLifecycleManager {

    static Path dataDir;
    static Devnet devnet;
    private boolean postgres;
    private PostgresExtension.Server pg;

    @Override
    public void init(Map<String, String> initArgs) {
        postgres = "postgres".equals(initArgs.get("database"));
    }

    @Override
    public Map<String, String> start() {
        try {
            devnet = Devnet.builder().build().ensure(Component.EVM, Component.LIGHTNING, Component.MODEL);
            dataDir = Files.createTempDirectory("bursar-runtime-it-");
            Path state = dataDir.resolve("devnet.json");
            devnet.endpoints().writeTo(state);
            DemoSetup.main(new String[] {state.toString(), dataDir.toString()});
            Map<String, String> config = new HashMap<>(Map.of(
                    "bursar.data-dir", dataDir.toString(),
                    "bursar.agents-dir", dataDir.resolve("agents").toString(),
                    "bursar.local-model", devnet.modelPath().toString(),
                    "bursar.security.bootstrap-users", "admin:admin,demo:user,mallory:user,flood:user",
                    "bursar.security.requests-per-minute", "1000"));
            // As ./bursar demo configures it: contract checks buy and sell through the devnet's Uniswap V2.
            long chain = devnet.evm().chainId();
            config.put("bursar.uniswap-v2." + chain + ".factory", devnet.contracts().get("UniswapV2Factory"));
            config.put("bursar.uniswap-v2." + chain + ".router", devnet.contracts().get("UniswapV2Router02"));
            config.put("bursar.uniswap-v2." + chain + ".weth", devnet.contracts().get("WETH9"));
            if (postgres) {
                pg = PostgresExtension.server();
                Path password = dataDir.resolve("postgres.password");
                Files.writeString(password, pg.password());
                config.put("bursar.database.url", pg.createDatabase());
                config.put("bursar.database.username", PostgresExtension.Server.USER);
                config.put("bursar.database.password-file", password.toString());
            }
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the devnet for the runtime tests: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (devnet != null) {
            devnet.close();
        }
        if (pg != null) {
            pg.stop();
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
