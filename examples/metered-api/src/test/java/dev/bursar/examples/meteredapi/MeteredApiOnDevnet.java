package dev.bursar.examples.meteredapi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./bursar example metered-api}: starts the devnet (anvil with dUSDC, LND alice and bob) and a local x402
 * facilitator, then runs the built app against them on 127.0.0.1 until Ctrl-C, and stops everything.
 * Arguments: the app's jar ({@code target/quarkus-app/quarkus-run.jar}) and the port.
 */
public final class MeteredApiOnDevnet {

    private MeteredApiOnDevnet() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: MeteredApiOnDevnet <quarkus-run.jar> <port>");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        if (!Files.isRegularFile(jar)) {
            System.err.println(jar + " does not exist; build the example first (./bursar example metered-api does)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        System.err.println("[metered-api] starting the devnet (anvil, btcd, LND alice and bob) and an x402 facilitator ...");
        SellerOnDevnet world = SellerOnDevnet.start();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Map<String, String> config = world.config();
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-jar");
        command.add(jar.toString());
        Process app = new ProcessBuilder(command).inheritIO().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.destroy();
            world.close();
        }));
        var devnet = world.devnet;
        System.err.printf("""
                [metered-api] GET http://127.0.0.1:%d/api/quote costs 10 sat (L402) or 0.01 dUSDC (x402); /api/health is free.
                [metered-api]   seller: invoices from LND bob, dUSDC (%s) paid to %s, facilitator %s
                [metered-api]   try:    curl -i http://127.0.0.1:%d/api/quote   (402 with both challenges)
                [metered-api] Ctrl-C stops the app, the facilitator and the devnet.
                """, port, devnet.contracts().get("DevUsdc"), config.get("metered-api.x402.pay-to"), world.facilitator.url(), port);
        System.exit(app.waitFor());
    }
}
