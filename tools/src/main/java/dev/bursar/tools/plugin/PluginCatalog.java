package dev.bursar.tools.plugin;

import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.Permission;

import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The plugins a runtime offers its agents: the built-in ones, those on its class path ({@link ServiceLoader}) and the
 * jars of a plugins directory, each jar in its own {@link PluginClassLoader}. Every plugin is checked once, when the
 * catalog is built: its id, its declared permissions (a third-party plugin may not invent permissions in a reserved
 * namespace) and, for a jar, the plugin API version in its manifest. A plugin that fails a check is refused with its
 * reason ({@link #refused()}) and the rest load; ids are unique, first come first served (built-ins first).
 */
public final class PluginCatalog implements AutoCloseable {

    /** The manifest attribute in which a plugin jar names the plugin API it was built against. */
    public static final String API_ATTRIBUTE = "Bursar-Plugin-Api";

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private final Map<String, InstalledPlugin> installed = new LinkedHashMap<>();
    private final List<RefusedPlugin> refused = new ArrayList<>();
    private final List<PluginClassLoader> loaders = new ArrayList<>();

    private PluginCatalog(Builder b) {
        b.builtIns.forEach(p -> add(p, PluginSource.BUILT_IN, p.getClass().getName()));
        b.classPath.ifPresent(loader -> {
            List<ServiceLoader.Provider<BursarPlugin>> providers;
            try {
                providers = ServiceLoader.load(BursarPlugin.class, loader).stream().toList();
            } catch (java.util.ServiceConfigurationError | LinkageError e) {
                refused.add(new RefusedPlugin("class path", "its plugin list (META-INF/services) cannot be read: " + e.getMessage()));
                providers = List.of();
            }
            for (ServiceLoader.Provider<BursarPlugin> provider : providers) {
                String where = provider.type().getName();
                try {
                    add(provider.get(), PluginSource.CLASS_PATH, where);
                } catch (java.util.ServiceConfigurationError | RuntimeException | LinkageError e) {
                    refused.add(new RefusedPlugin(where, "it failed to start: " + e));
                }
            }
        });
        b.directory.ifPresent(this::loadDirectory);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The accepted plugins, in the order they were found. */
    public List<InstalledPlugin> installed() {
        return List.copyOf(installed.values());
    }

    /** What was refused, and why. */
    public List<RefusedPlugin> refused() {
        return List.copyOf(refused);
    }

    /** The installed plugin {@code id}. */
    public Optional<InstalledPlugin> find(String id) {
        return Optional.ofNullable(installed.get(id));
    }

    private void loadDirectory(Path dir) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.jar")) {
            files.forEach(jars::add);
        } catch (NoSuchFileException e) {
            return; // no plugins directory: no jar plugins
        } catch (IOException e) {
            refused.add(new RefusedPlugin(dir.toString(), "the plugins directory cannot be read (" + e.getMessage() + ")"));
            return;
        }
        jars.sort(null);
        for (Path jar : jars) {
            try {
                loadJar(jar);
            } catch (PluginException e) {
                refused.add(new RefusedPlugin(jar.getFileName().toString(), e.getMessage()));
            }
        }
    }

    private void loadJar(Path jar) {
        String name = jar.getFileName().toString();
        String api;
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes main = file.getManifest() == null ? null : file.getManifest().getMainAttributes();
            api = main == null ? null : main.getValue(API_ATTRIBUTE);
        } catch (IOException e) {
            throw new PluginException("it is not a readable jar (" + e.getMessage() + ")", e);
        }
        if (api == null) {
            throw new PluginException("its manifest names no " + API_ATTRIBUTE + "; build it from examples/plugin-template, which"
                    + " writes '" + API_ATTRIBUTE + ": " + BursarPlugin.API_VERSION + "'");
        }
        if (!api.strip().equals(String.valueOf(BursarPlugin.API_VERSION))) {
            throw new PluginException("it was built for plugin API " + api.strip() + ", this runtime runs plugin API "
                    + BursarPlugin.API_VERSION + "; rebuild it against this version of bursar-tools");
        }
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader(name, jar.toUri().toURL(), BursarPlugin.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new PluginException("its path cannot be a class path entry (" + e.getMessage() + ")", e);
        }
        loaders.add(loader);
        int found = 0;
        try {
            for (ServiceLoader.Provider<BursarPlugin> provider : ServiceLoader.load(BursarPlugin.class, loader).stream().toList()) {
                if (provider.type().getClassLoader() != loader) {
                    continue; // the host's own plugins, seen through the parent
                }
                found++;
                try {
                    add(provider.get(), PluginSource.JAR, name);
                } catch (RuntimeException | LinkageError e) {
                    refused.add(new RefusedPlugin(name, provider.type().getName() + " failed to start: " + e));
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            throw new PluginException("its plugins cannot be loaded: " + e.getMessage(), e);
        }
        if (found == 0) {
            throw new PluginException("it lists no plugin in META-INF/services/" + BursarPlugin.class.getName());
        }
    }

    private void add(BursarPlugin plugin, PluginSource source, String location) {
        String id;
        Set<Permission> declared;
        String version;
        try {
            id = plugin.id();
            declared = Set.copyOf(Objects.requireNonNull(plugin.permissions(), "permissions()"));
            version = plugin.version();
        } catch (RuntimeException | LinkageError e) {
            refused.add(new RefusedPlugin(location, "it failed to describe itself: " + e));
            return;
        }
        if (id == null || !ID.matcher(id).matches()) {
            refused.add(new RefusedPlugin(location, "its id '" + id + "' is not 2 to 40 lower-case letters, digits or '-'"));
            return;
        }
        if (source != PluginSource.BUILT_IN) {
            for (Permission p : declared) {
                if (p.inReservedNamespace() && !p.builtIn()) {
                    refused.add(new RefusedPlugin(location, "plugin " + id + " declares " + p + ", a new permission in Bursar's reserved"
                            + " namespace '" + p.namespace() + "'; name its own permissions after its vendor (such as acme:weather:read)"));
                    return;
                }
            }
        }
        InstalledPlugin earlier = installed.get(id);
        if (earlier != null) {
            refused.add(new RefusedPlugin(location, "plugin id '" + id + "' is already taken by " + earlier.location()
                    + " (" + earlier.source() + "); give it another id"));
            return;
        }
        installed.put(id, new InstalledPlugin(plugin, source, location, version == null ? "unversioned" : version, declared));
    }

    /** Closes the jars' class loaders; their plugins must no longer be used. */
    @Override
    public void close() {
        for (PluginClassLoader loader : loaders) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the jar stays open until exit; nothing else depends on it
            }
        }
    }

    /** Which plugins a catalog holds: built-ins in code, the class path, a plugins directory. */
    public static final class Builder {
        private final List<BursarPlugin> builtIns = new ArrayList<>();
        private Optional<ClassLoader> classPath = Optional.empty();
        private Optional<Path> directory = Optional.empty();

        private Builder() {
        }

        /** Plugins shipped with the host, installed first. */
        public Builder builtIn(BursarPlugin... plugins) {
            builtIns.addAll(List.of(plugins));
            return this;
        }

        /** Plugins registered with {@link ServiceLoader} on {@code loader}'s class path. */
        public Builder classPath(ClassLoader loader) {
            this.classPath = Optional.of(loader);
            return this;
        }

        /** Every {@code *.jar} in {@code dir} (a missing directory holds none). */
        public Builder directory(Path dir) {
            this.directory = Optional.of(dir);
            return this;
        }

        public PluginCatalog build() {
            return new PluginCatalog(this);
        }
    }
}
