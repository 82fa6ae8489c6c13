package dev.bursar.tools.plugin;

/**
 * A plugin (or a whole jar) the catalog did not install, and why, in words its developer can act on. The runtime starts
 * without it and lists it, so an operator sees the reason instead of a missing tool.
 */
public record RefusedPlugin(String location, String reason) {
}
