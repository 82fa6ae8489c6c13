package dev.bursar.devnet.install;

import dev.bursar.devnet.DevnetException;

/**
 * Raised when a pinned tool cannot be fetched, built or verified; the message names the command, package and registry.
 */
public final class InstallException extends DevnetException {

    public InstallException(String message) {
        super(message);
    }

    public InstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
