package dev.bursar.devnet.install;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * btcd, btcctl, lnd and lncli built from their Go modules at pinned versions by {@link GoModuleBuild}, cached with the
 * SHA-256 of each binary so a damaged cache is redone.
 */
public final class GoBinaries {

    /** lnd's release module; docs/decisions.md says why this version. */
    public static final String LND_VERSION = "v0.20.2-beta";
    public static final String BTCD_VERSION = "v0.25.0";
    /** lnd's release build tags (its Makefile's RELEASE_TAGS, less the ones we never use); routerrpc is always in. */
    public static final String LND_TAGS = "signrpc walletrpc chainrpc invoicesrpc peersrpc";

    private final Path btcdBin;
    private final Path lndBin;

    private GoBinaries(Path btcdBin, Path lndBin) {
        this.btcdBin = btcdBin;
        this.lndBin = lndBin;
    }

    /** Builds whatever is missing or damaged (lnd takes minutes the first time) and returns the four binaries. */
    public static GoBinaries ensure(BursarCache cache, PrintStream progress) {
        GoModuleBuild go = new GoModuleBuild(cache, progress);
        // btcd's go.mod has no replace directives, so go install works
        Path btcd = go.install("btcd", BTCD_VERSION, List.of("github.com/btcsuite/btcd@" + BTCD_VERSION,
                "github.com/btcsuite/btcd/cmd/btcctl@" + BTCD_VERSION), List.of("btcd", "btcctl"));
        Path lnd = go.buildInModule("lnd", "github.com/lightningnetwork/lnd", LND_VERSION, LND_TAGS,
                List.of("./cmd/lnd", "./cmd/lncli"), List.of("lnd", "lncli"), Duration.ofMinutes(45));
        return new GoBinaries(btcd, lnd);
    }

    public Path btcd() {
        return btcdBin.resolve("btcd");
    }

    public Path btcctl() {
        return btcdBin.resolve("btcctl");
    }

    public Path lnd() {
        return lndBin.resolve("lnd");
    }

    public Path lncli() {
        return lndBin.resolve("lncli");
    }
}
