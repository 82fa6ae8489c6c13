/**
 * The plugin catalog: built-in plugins, plugins on the class path and plugin jars loaded from a directory, each jar in
 * its own class loader, checked for their plugin API version, ids and declared permissions (docs/plugins.md).
 */
package dev.bursar.tools.plugin;
