package dev.bursar.devnet.install;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Installs the pinned npm tools into an empty cache, from the npm registry, and repairs a damaged install. */
class NpmToolsIT {

    @TempDir
    Path dir;

    @Test
    void installsVerifiesAndRepairsAHalfWrittenCache() throws Exception {
        BursarCache cache = new BursarCache(dir.resolve("cache"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        NpmTools tools = NpmTools.ensure(cache, new PrintStream(progress, true));
        assertThat(FileDigest.sha256(tools.anvil())).isEqualTo(NpmTools.ANVIL_SHA256);
        assertThat(tools.solc().resolve("soljson.js")).isRegularFile();
        assertThat(tools.nodeModules().resolve("@x402/fetch/package.json")).isRegularFile();

        NpmTools.ensure(cache, new PrintStream(progress, true));
        assertThat(countInstalls(progress)).as("an intact cache is reused").isEqualTo(1);

        Files.writeString(tools.anvil(), "truncated download");
        NpmTools repaired = NpmTools.ensure(cache, new PrintStream(progress, true));

        assertThat(countInstalls(progress)).as("a damaged cache is redone").isEqualTo(2);
        assertThat(FileDigest.sha256(repaired.anvil())).isEqualTo(NpmTools.ANVIL_SHA256);
    }

    private static int countInstalls(ByteArrayOutputStream progress) {
        return progress.toString().split("installing anvil", -1).length - 1;
    }
}
