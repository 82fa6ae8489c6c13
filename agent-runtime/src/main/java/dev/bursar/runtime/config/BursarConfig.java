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

    /** The GGUF behind the model name {@code local} (the devnet's Gemma 3 270M in the demo). */
    Optional<Path> localModel();

    /** More named models: {@code bursar.models.<name>.provider=local|openai|anthropic|ollama} and their options. */
    java.util.Map<String, Model> models();

    /**
     * Uniswap V2 markets by chain id ({@code bursar.uniswap-v2.<chain id>.factory|router|weth}): before an agent pays a
     * token contract, the contract ranking buys and sells it through that router on a simulation. {@code ./bursar demo}
     * writes the devnet's.
     */
    java.util.Map<String, UniswapV2> uniswapV2();

    /**
     * An anvil binary for fork mode: on a chain whose node is not anvil, the contract ranking simulates trades on a
     * local {@code anvil --fork-url} of it (at most two at a time). Without it, simulation there is reported as not run.
     */
    Optional<Path> forkAnvil();

    /** One chain's Uniswap V2 (or a fork with its interface). */
    interface UniswapV2 {
        String factory();

        String router();

        String weth();
    }

    Database database();

    Security security();

    Chat chat();

    /** One named model of the catalog. */
    interface Model {
        /** local, openai (any OpenAI-compatible server), anthropic or ollama. */
        String provider();

        /** For local: the GGUF file. */
        Optional<Path> path();

        /** For remote: the server's base URL (default: the provider's). */
        Optional<String> baseUrl();

        /** For remote: the model id, such as gpt-4o-mini. */
        Optional<String> modelId();

        /** For remote: the environment variable holding the API key (never the key itself). */
        Optional<String> apiKeyEnv();

        /** For remote: a file holding the API key. */
        Optional<Path> apiKeyFile();

        /** For remote: how long one attempt may wait for an answer (ISO-8601 or {@code 30s}; default 60 s). */
        Optional<java.time.Duration> timeout();

        /** For remote: retries after a 429, 5xx, timeout or refused connection (default 2). */
        java.util.OptionalInt maxRetries();

        /** For remote: the wait before the first retry, doubled for each next one (default 1 s). */
        Optional<java.time.Duration> retryBackoff();

        /** For remote: the sampling temperature sent with each request (default: the provider's). */
        java.util.OptionalDouble temperature();

        /** For remote: the most tokens one answer may have (default: the provider's; Anthropic's client sends 1024). */
        java.util.OptionalInt maxTokens();
    }

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
