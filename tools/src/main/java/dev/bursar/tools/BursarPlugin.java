package dev.bursar.tools;

import java.util.List;
import java.util.Set;

/**
 * A set of tools a developer adds to Bursar: a jar in the runtime's plugins directory, a Maven dependency found with
 * {@link java.util.ServiceLoader}, or registered in code. An agent only gets a plugin's tools if its definition enables
 * the plugin and grants the permissions they need. Plugins reach money only through the guarded operations of
 * {@link AgentContext}; see docs/plugins.md.
 */
public interface BursarPlugin {

    /**
     * The plugin API this interface belongs to. A plugin jar names the version it was built against in its manifest
     * ({@code Bursar-Plugin-Api}); the runtime refuses a jar built for another one.
     */
    int API_VERSION = 1;

    /** A stable id, such as "wallet" or "acme-weather" (lower case, digits and '-'), used in agent definitions. */
    String id();

    /** The plugin's version as its REST listing shows it; by default its jar's {@code Implementation-Version}. */
    default String version() {
        String v = getClass().getPackage() == null ? null : getClass().getPackage().getImplementationVersion();
        return v == null ? "unversioned" : v;
    }

    /**
     * Every permission this plugin's tools may need. An agent's definition can grant only these, and a tool needing one
     * not declared here is refused when the agent is built.
     */
    Set<Permission> permissions();

    /** The tools this plugin offers an agent, built for that agent's context (its wallet, its L402 client...). */
    List<BursarTool> tools(AgentContext context);
}
