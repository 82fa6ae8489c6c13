package dev.bursar.tools;

import java.util.List;

/**
 * A set of tools a developer adds to Bursar (found with {@link java.util.ServiceLoader} or registered in code). An
 * agent only gets a plugin's tools if its definition enables the plugin and grants the permissions they need.
 */
public interface BursarPlugin {

    /** A stable id, such as "wallet" or "weather", used in agent definitions. */
    String id();

    /** The tools this plugin offers an agent, built for that agent's context (its wallet, its L402 client...). */
    List<BursarTool> tools(AgentContext context);
}
