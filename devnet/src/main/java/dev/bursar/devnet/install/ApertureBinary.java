package dev.bursar.devnet.install;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Lightning Labs' Aperture (the L402 reverse proxy) built from its Go module at a pinned tag; built only when a test or
 * user asks for it, never by {@code devnet up}.
 */
public final class ApertureBinary {

    /** Aperture's release tag; docs/decisions.md says why this one and how it is built. */
    public static final String VERSION = "v0.5.0";
    public static final String MODULE = "github.com/lightninglabs/aperture";

    private ApertureBinary() {
    }

    /** Builds aperture if it is missing or damaged (minutes the first time) and returns the binary. */
    public static Path ensure(BursarCache cache, PrintStream progress) {
        // aperture's go.mod replaces google.golang.org/protobuf, so it is built inside its module; its sqlite driver
        // (modernc.org/sqlite) is pure Go, so CGO_ENABLED=0 works
        Path bin = new GoModuleBuild(cache, progress).buildInModule("aperture", MODULE, VERSION, "",
                List.of("./cmd/aperture"), List.of("aperture"), Duration.ofMinutes(45));
        return bin.resolve("aperture");
    }
}
