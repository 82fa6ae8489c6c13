package dev.bursar.runtime.model;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads each GGUF once per process, keyed by its canonical path, and hands the same {@link LocalModel} to every
 * caller. Before the first load it points java-llama.cpp at a private temporary directory (its loader deletes
 * {@code llama*}/{@code jllama*} files in whatever directory it extracts to) unless {@code de.kherud.llama.tmpdir}
 * or {@code de.kherud.llama.lib.path} is already set, and routes llama.cpp's log to SLF4J.
 */
public final class LocalModelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(LocalModelRegistry.class);
    private static final LocalModelRegistry SHARED = new LocalModelRegistry();
    private static final Pattern OFFLOADED = Pattern.compile("offloaded (\\d+)/(\\d+) layers to GPU");

    private static volatile boolean nativeReady;
    private static volatile String lastOffload;

    private final Map<Path, LocalModel> models = new ConcurrentHashMap<>();

    private LocalModelRegistry() {
    }

    /** The process-wide registry. */
    public static LocalModelRegistry shared() {
        return SHARED;
    }

    /**
     * Returns the model at {@code options.path()}, loading it on first use. A second call with other options for the
     * same file gets the already loaded model (and a warning): a GGUF is never loaded twice.
     *
     * @throws ModelLoadException if the file is missing, unreadable, not a GGUF, or llama.cpp cannot load it
     */
    public LocalModel load(LocalModelOptions options) {
        Path canonical = canonical(options.path());
        LocalModel existing = models.get(canonical);
        if (existing != null) {
            warnIfDifferent(existing, options);
            return existing;
        }
        synchronized (this) {
            existing = models.get(canonical);
            if (existing != null) {
                warnIfDifferent(existing, options);
                return existing;
            }
            LocalModelOptions resolved = new LocalModelOptions(canonical, options.contextSize(), options.parallel(),
                    options.queueCapacity(), options.gpuLayers(), options.threads(), options.retryAfter());
            LocalModel model = doLoad(resolved);
            models.put(canonical, model);
            return model;
        }
    }

    /** Checks that {@code path} names a readable, complete-looking GGUF file, without loading it. */
    public static Path checkGguf(Path path) {
        Path canonical = canonical(path);
        if (!Files.isRegularFile(canonical)) {
            throw new ModelLoadException(canonical, "not a regular file");
        }
        GgufHeader.read(canonical);
        return canonical;
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(path.toAbsolutePath().normalize(), "no such file");
        } catch (IOException e) {
            throw new ModelLoadException(path.toAbsolutePath().normalize(), "cannot resolve it: " + e.getMessage(), e);
        }
    }

    private static LocalModel doLoad(LocalModelOptions o) {
        if (!Files.isRegularFile(o.path())) {
            throw new ModelLoadException(o.path(), "not a regular file");
        }
        GgufHeader header = GgufHeader.read(o.path());
        prepareNative();
        ModelParameters p = new ModelParameters()
                .setModel(o.path().toString())
                .setCtxSize(o.contextSize())
                .setParallel(o.parallel())
                .setGpuLayers(o.gpuLayers())
                .setThreads(o.threads())
                .setThreadsBatch(o.threads())
                .enableContBatching()
                .enableJinja();
        String template = header.chatTemplate();
        String templateSource = "its own chat template";
        if (template == null && header.architecture().startsWith("gemma")) {
            template = builtInTemplate("gemma.jinja");
            templateSource = "Bursar's Gemma chat template (the GGUF carries none)";
        }
        if (template != null) {
            p.setChatTemplate(template);
        } else {
            templateSource = "llama.cpp's ChatML fallback (the GGUF carries no chat template)";
            LOG.warn("{} carries no chat template; llama.cpp falls back to ChatML, which may not match how it was trained",
                    o.path());
        }
        long started = System.nanoTime();
        lastOffload = null;
        LlamaModel llama;
        try {
            llama = new LlamaModel(p);
        } catch (RuntimeException e) {
            // de.kherud.llama.LlamaException is package-private; it is the usual failure here.
            throw new ModelLoadException(o.path(), "llama.cpp refused it (" + e.getMessage()
                    + "); is it a complete GGUF of an architecture llama.cpp b4916 supports?", e);
        } catch (UnsatisfiedLinkError e) {
            throw new ModelLoadException(o.path(), "the java-llama.cpp native library did not load: " + e.getMessage(), e);
        }
        if (nativeContext(llama) == 0) {
            throw new ModelLoadException(o.path(), "llama.cpp returned without a model (a bad parameter: ctx="
                    + o.contextSize() + ", parallel=" + o.parallel() + ", gpuLayers=" + o.gpuLayers() + ")");
        }
        String offload = lastOffload;
        boolean onGpu = false;
        if (offload != null) {
            Matcher m = OFFLOADED.matcher(offload);
            onGpu = m.find() && Integer.parseInt(m.group(1)) > 0;
        }
        LOG.info("loaded {} ({}) in {} ms with {}: {} (gpu layers requested {}{}), context {} tokens in {} slots of {}, {} threads",
                o.path(), header.architecture(), (System.nanoTime() - started) / 1_000_000, templateSource,
                onGpu ? "running on GPU" : "running on CPU", o.gpuLayers(),
                offload == null ? "" : "; llama.cpp: " + offload.strip(),
                o.contextSize(), o.parallel(), o.slotContext(), o.threads());
        return new LocalModel(o, llama, onGpu);
    }

    private static String builtInTemplate(String name) {
        try (InputStream in = LocalModelRegistry.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new ModelException("the built-in chat template " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelException("cannot read the built-in chat template " + name, e);
        }
    }

    private static long nativeContext(LlamaModel llama) {
        try {
            Field ctx = LlamaModel.class.getDeclaredField("ctx");
            ctx.setAccessible(true);
            return ctx.getLong(llama);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot check that llama.cpp loaded the model ({}); assuming it did", e.toString());
            return -1;
        }
    }

    private static synchronized void prepareNative() {
        if (nativeReady) {
            return;
        }
        if (System.getProperty("de.kherud.llama.tmpdir") == null && System.getProperty("de.kherud.llama.lib.path") == null) {
            try {
                Path dir = Files.createTempDirectory("bursar-jllama-");
                System.setProperty("de.kherud.llama.tmpdir", dir.toString());
                LOG.debug("java-llama.cpp extracts its native library to {}", dir);
            } catch (IOException e) {
                throw new ModelException("cannot create a private directory for the llama.cpp native library", e);
            }
        }
        if (System.getProperty("de.kherud.llama.lib.path") == null) {
            extractBundledLibrary();
        }
        if (System.getProperty("de.kherud.llama.lib.path") != null) {
            LOG.info("using the llama.cpp native library from de.kherud.llama.lib.path={}",
                    System.getProperty("de.kherud.llama.lib.path"));
        }
        LlamaModel.setLogger(LogFormat.TEXT, LocalModelRegistry::nativeLog);
        nativeReady = true;
    }

    /**
     * Copies the CPU library bundled in the java-llama.cpp jar to a private directory and points
     * {@code de.kherud.llama.lib.path} at it. The library's own loader looks the file up as a class-path resource,
     * which fails under Quarkus' packaged class loader; reading the jar directly works under any class loader.
     */
    private static void extractBundledLibrary() {
        String arch = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> null;
        };
        if (arch == null || !System.getProperty("os.name", "").startsWith("Linux")) {
            return;
        }
        String entryName = "de/kherud/llama/Linux/" + arch + "/libjllama.so";
        try {
            java.net.URL location = LlamaModel.class.getProtectionDomain().getCodeSource().getLocation();
            Path jar = Path.of(location.toURI());
            if (!Files.isRegularFile(jar)) {
                return;
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                java.util.zip.ZipEntry entry = zip.getEntry(entryName);
                if (entry == null) {
                    return;
                }
                String base = System.getProperty("de.kherud.llama.tmpdir");
                Path dir = base != null ? Files.createDirectories(Path.of(base).resolve("bursar-jllama"))
                        : Files.createTempDirectory("bursar-jllama-");
                try (java.io.InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, dir.resolve("libjllama.so"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                System.setProperty("de.kherud.llama.lib.path", dir.toString());
            }
        } catch (IOException | java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            LOG.debug("could not extract {} myself ({}); leaving it to java-llama.cpp's loader", entryName, e.toString());
        }
    }

    private static void nativeLog(LogLevel level, String message) {
        if (message.contains("layers to GPU")) {
            lastOffload = message;
        }
        switch (level) {
            case ERROR -> LOG.error("llama.cpp: {}", message.strip());
            case WARN -> LOG.warn("llama.cpp: {}", message.strip());
            default -> LOG.debug("llama.cpp: {}", message.strip());
        }
    }

    private static void warnIfDifferent(LocalModel existing, LocalModelOptions requested) {
        LocalModelOptions have = existing.options();
        if (have.contextSize() != requested.contextSize() || have.parallel() != requested.parallel()
                || have.gpuLayers() != requested.gpuLayers()) {
            LOG.warn("{} is already loaded with context {} / parallel {} / gpu layers {}; ignoring the request for {} / {} / {}"
                            + " (a GGUF is loaded once per process)", have.path(), have.contextSize(), have.parallel(),
                    have.gpuLayers(), requested.contextSize(), requested.parallel(), requested.gpuLayers());
        }
    }
}
