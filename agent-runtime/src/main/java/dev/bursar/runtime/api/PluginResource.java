package dev.bursar.runtime.api;

import dev.bursar.tools.plugin.InstalledPlugin;
import dev.bursar.tools.plugin.PluginCatalog;
import dev.bursar.tools.plugin.RefusedPlugin;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Set;

/**
 * The plugins this runtime offers its agents: each installed one with its version, where it came from and the
 * permissions an agent's definition may grant it; and each refused jar with the reason, so an operator sees why a tool
 * is missing. Any signed-in user may read it; granting happens only in agent definitions, which admins write.
 */
@Path("/api/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    @Inject
    PluginCatalog plugins;

    /** One installed plugin. */
    public record PluginInfo(String id, String version, String source, String location, Set<String> permissions) {
    }

    /** One refused plugin jar (or class) and why. */
    public record Refusal(String location, String reason) {
    }

    /** The catalog as a listing. */
    public record Plugins(List<PluginInfo> installed, List<Refusal> refused) {
    }

    @GET
    public Plugins list() {
        return new Plugins(plugins.installed().stream().map(PluginResource::info).toList(),
                plugins.refused().stream().map(PluginResource::refusal).toList());
    }

    private static PluginInfo info(InstalledPlugin p) {
        return new PluginInfo(p.id(), p.version(), p.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                p.location(), p.permissionIds());
    }

    private static Refusal refusal(RefusedPlugin r) {
        return new Refusal(r.location(), r.reason());
    }
}
