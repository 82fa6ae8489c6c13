package dev.bursar.tools.plugin;

/** Where an installed plugin came from, as the runtime's plugin listing shows it. */
public enum PluginSource {
    /** Shipped with Bursar (wallet, contracts, l402, agents). */
    BUILT_IN,
    /** On the runtime's class path, found with {@link java.util.ServiceLoader} (a Maven dependency of an app). */
    CLASS_PATH,
    /** A jar in the plugins directory, loaded in its own class loader. */
    JAR
}
