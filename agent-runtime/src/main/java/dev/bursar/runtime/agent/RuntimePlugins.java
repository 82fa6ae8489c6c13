package dev.bursar.runtime.agent;

import dev.bursar.tools.agents.HiringPlugin;
import dev.bursar.tools.contract.ContractPlugin;
import dev.bursar.tools.l402.PaidFetchPlugin;
import dev.bursar.tools.plugin.InstalledPlugin;
import dev.bursar.tools.plugin.PluginCatalog;
import dev.bursar.tools.plugin.RefusedPlugin;
import dev.bursar.tools.wallet.WalletPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The runtime's plugin catalog: Bursar's built-in plugins, then plugins on the class path, then the jars of the plugins
 * directory. What was installed and what was refused (and why) is logged once at start and listed at {@code /api/plugins}.
 */
public final class RuntimePlugins {

    private static final Logger LOG = LoggerFactory.getLogger(RuntimePlugins.class);

    private RuntimePlugins() {
    }

    /** The built-in plugins and those on the class path, without a plugins directory (embedded uses and tests). */
    public static PluginCatalog builtIn() {
        return load(Optional.empty());
    }

    /** The full catalog, with the jars of {@code directory} when given. */
    public static PluginCatalog load(Optional<Path> directory) {
        PluginCatalog.Builder b = PluginCatalog.builder()
                .builtIn(new WalletPlugin(), new ContractPlugin(), new PaidFetchPlugin(), new HiringPlugin())
                .classPath(RuntimePlugins.class.getClassLoader());
        directory.ifPresent(b::directory);
        PluginCatalog catalog = b.build();
        for (InstalledPlugin p : catalog.installed()) {
            if (p.source() != dev.bursar.tools.plugin.PluginSource.BUILT_IN) {
                LOG.info("plugin installed id={} version={} source={} location={} permissions={}", p.id(), p.version(), p.source(),
                        p.location(), p.permissionIds());
            }
        }
        for (RefusedPlugin r : catalog.refused()) {
            LOG.error("plugin refused location={} reason=\"{}\"", r.location(), r.reason());
        }
        return catalog;
    }
}
