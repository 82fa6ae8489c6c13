package dev.bursar.tools.plugin;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a plugin jar the way a developer outside this repository would: Java sources compiled with javac against the
 * plugin API (this test's class path), a service file and a manifest, packed into a jar. Nothing of it is on the test's
 * class path, so only a {@link PluginCatalog} can load it.
 */
final class PluginJarBuilder {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final List<String> services = new ArrayList<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();

    PluginJarBuilder() {
        manifest.put(PluginCatalog.API_ATTRIBUTE, "1");
    }

    /** A class: its fully qualified name and its source. */
    PluginJarBuilder source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /** A class listed in META-INF/services/dev.bursar.tools.BursarPlugin. */
    PluginJarBuilder plugin(String className) {
        services.add(className);
        return this;
    }

    /** Sets ({@code value} non-null) or removes a main manifest attribute. */
    PluginJarBuilder manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    Path build(Path dir, String jarName) throws IOException {
        Path src = Files.createTempDirectory(dir, "src");
        Path classes = Files.createTempDirectory(dir, "classes");
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        List<String> args = new ArrayList<>(List.of("--release", "21", "-proc:none", "-cp", System.getProperty("java.class.path"),
                "-d", classes.toString()));
        args.addAll(files);
        int rc = javac.run(null, OutputStream.nullOutputStream(), new java.io.PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the test plugin does not compile:\n" + errors);
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
        Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf); Stream<Path> walk = Files.walk(classes)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
            if (!services.isEmpty()) {
                out.putNextEntry(new JarEntry("META-INF/services/dev.bursar.tools.BursarPlugin"));
                out.write(String.join("\n", services).getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }
}
