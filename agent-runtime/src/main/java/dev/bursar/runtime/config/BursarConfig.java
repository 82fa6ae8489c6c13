package dev.bursar.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The runtime's configuration ({@code bursar.*} in application.properties, environment or system properties).
 */
@ConfigMapping(prefix = "bursar")
public interface BursarConfig {

    /** Where the embedded database, the spend journal and generated keys live. */
    @WithDefault("data")
    Path dataDir();

    /** A directory of agent YAML files loaded at start. */
    Optional<Path> agentsDir();

    /** The default local model file, used by agents whose model is {@code local}. */
    Optional<Path> localModel();

    Database database();

    Security security();

    Chat chat();

    /** Where the runtime keeps its data: the embedded H2 file by default, PostgreSQL when a URL is given. */
    interface Database {
        /** A JDBC URL; empty means the embedded H2 database under the data directory. */
        Optional<String> url();

        Optional<String> username();

        /** A file holding the database password (never the password itself in configuration). */
        Optional<Path> passwordFile();
    }

    /** Authentication and abuse limits. */
    interface Security {
        /**
         * Users created at first start, as {@code id:role} pairs (role user or admin); their API keys are written
         * once to {@code <data-dir>/keys/<id>.key} with owner-only permissions.
         */
        @WithDefault("admin:admin")
        java.util.List<String> bootstrapUsers();

        /** Requests per minute and user before the API answers 429. */
        @WithDefault("120")
        int requestsPerMinute();
    }

    /** Chat limits. */
    interface Chat {
        /** The longest user message accepted (413 above). */
        @WithDefault("4000")
        int maxMessageChars();

        /** The most tool calls one turn may make. */
        @WithDefault("6")
        int maxToolCallsPerTurn();
    }
}
