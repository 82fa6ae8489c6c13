package dev.bursar.tools.plugin;

/**
 * A plugin that cannot be used: a jar built for another plugin API, a malformed id or permission, a tool needing a
 * permission its plugin does not declare. The message names the plugin and says what its developer must change.
 */
public class PluginException extends RuntimeException {

    public PluginException(String message) {
        super(message);
    }

    public PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
