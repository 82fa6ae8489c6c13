package dev.bursar.tools.plugin;

import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.Permission;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plugin the catalog accepted: the plugin itself, where it came from ({@code location} is the jar's file name for a
 * {@link PluginSource#JAR}, else the class name) and what it declares.
 */
public record InstalledPlugin(BursarPlugin plugin, PluginSource source, String location, String version, Set<Permission> permissions) {

    public InstalledPlugin {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(source, "source");
        permissions = Set.copyOf(permissions);
    }

    public String id() {
        return plugin.id();
    }

    /** The declared permissions in a stable order, for listings. */
    public Set<String> permissionIds() {
        TreeSet<String> ids = new TreeSet<>();
        permissions.forEach(p -> ids.add(p.id()));
        return ids;
    }
}
