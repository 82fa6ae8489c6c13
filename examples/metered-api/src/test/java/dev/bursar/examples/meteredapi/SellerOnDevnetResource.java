package dev.bursar.examples.meteredapi;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Starts {@link SellerOnDevnet} for the app's tests and hands Quarkus its configuration. */
public class SellerOnDevnetResource implements QuarkusTestResourceLifecycleManager {

    static SellerOnDevnet world;

    @Override
    public Map<String, String> start() {
        try {
            world = SellerOnDevnet.start();
            return world.config();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the devnet for the metered API: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        if (world != null) {
            world.close();
        }
    }
}
