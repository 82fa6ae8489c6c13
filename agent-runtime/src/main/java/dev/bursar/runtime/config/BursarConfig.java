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

    /**
     * A directory of plugin jars loaded at start, each in its own class loader (default: {@code plugins} under the data
     * directory). A jar built for another plugin API is refused and listed with its reason at {@code GET /api/plugins}.
     */
    Optional<Path> pluginsDir();

    /**
     * How often the runtime looks for agents' scheduled tools that are due ({@code schedule} in an agent's definition);
     * read by the scheduler as {@code ${bursar.schedule-tick}}.
     */
    @WithDefault("5s")
    String scheduleTick();

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

    /**
     * The on-chain agent registry (ERC-8004 identity and reputation, the job escrow) agents publish themselves in and
     * hire from; absent, no agent can publish or hire. {@code ./bursar demo} writes the devnet's.
     */
    Optional<Registry> registry();

    /**
     * Where the agent registry lives and how this runtime takes part in it (no defaults here: any value set makes the
     * whole group required, so defaults live in {@code AgentNetwork}).
     */
    interface Registry {
        /** The chain's id; the registry contracts live there. */
        long chainId();

        /** A JSON-RPC URL of a node of that chain, for reading the registry (agents send through their own wallets). */
        String rpcUrl();

        /** The identity registry's address. */
        String identity();

        /** The reputation registry's address. */
        String reputation();

        /** The job escrow's address. */
        String escrow();

        /** Reviewers (client addresses) whose feedback counts in the reputation shown (none: no reputation is shown). */
        Optional<java.util.List<String>> trustedReviewers();

        /** The first block to index (the block the registry was deployed in; default 0). */
        java.util.OptionalLong startBlock();

        /**
         * Hosts resolving to private or loopback addresses that agent files and cards may still be fetched from (a local
         * devnet's {@code 127.0.0.1}); every other private address is refused.
         */
        Optional<java.util.List<String>> allowPrivateHosts();

        /** This runtime's base URL as other agents reach it ({@code http://127.0.0.1:8080}); needed to publish agents. */
        Optional<String> publicUrl();

        /**
         * API keys for other runtimes' A2A endpoints, as {@code <origin>=<key file>} pairs such as
         * {@code http://127.0.0.1:8081=/run/keys/peer.key}; the key is sent as a bearer token to that origin only.
         */
        Optional<java.util.List<String>> credentials();

        /** How often the index reads new registry events (default 2 s). */
        Optional<java.time.Duration> pollInterval();

        /** The deadline given to a hired agent (the escrow refunds after it; default 10 minutes). */
        Optional<java.time.Duration> jobTimeout();

        /** How long a hire waits in the chat for the result before reporting the job as open (default 60 s). */
        Optional<java.time.Duration> workWait();
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

    /** This runtime process among others on the same database (scale-out); see docs/production.md. */
    Instance instance();

    /**
     * One runtime process of several on one PostgreSQL: each agent is driven by the instance holding its writer lease,
     * and the others forward that agent's requests to it.
     */
    interface Instance {
        /** A name unique among the instances (default: a random one per start). */
        Optional<String> id();

        /**
         * The URL other instances reach this one at, to forward requests for the agents it holds (default:
         * {@code http://127.0.0.1:<quarkus.http.port>}).
         */
        Optional<String> url();

        /** How long an agent's writer lease lasts without renewal; a dead instance's agents move after this. */
        @WithDefault("15s")
        java.time.Duration leaseTtl();
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
