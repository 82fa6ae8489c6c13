package dev.bursar.runtime.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bursar.ranking.UniswapV2Market;
import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.registry.RegistryException;
import dev.bursar.registry.a2a.A2aCard;
import dev.bursar.registry.a2a.A2aClient;
import dev.bursar.registry.a2a.A2aServer;
import dev.bursar.registry.a2a.A2aSkill;
import dev.bursar.registry.a2a.A2aWork;
import dev.bursar.registry.a2a.A2aWorkRefusedException;
import dev.bursar.registry.discovery.AgentIndex;
import dev.bursar.registry.discovery.AgentUriResolver;
import dev.bursar.registry.discovery.DiscoveryConfig;
import dev.bursar.registry.discovery.IndexStore;
import dev.bursar.registry.discovery.Price;
import dev.bursar.registry.discovery.RegistrationFile;
import dev.bursar.registry.discovery.RegistryIndexer;
import dev.bursar.registry.discovery.RegistryRef;
import dev.bursar.registry.escrow.JobEscrowClient;
import dev.bursar.registry.hire.FileHireJournal;
import dev.bursar.registry.hire.HireProtocol;
import dev.bursar.registry.hire.Hirer;
import dev.bursar.registry.hire.JobDesk;
import dev.bursar.registry.identity.IdentityRegistryClient;
import dev.bursar.registry.reputation.ReputationRegistryClient;
import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.AgentDefinitionException;
import dev.bursar.runtime.config.BursarConfig;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.binding.Grounding;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.policy.PaymentPolicy;
import dev.bursar.wallet.value.EvmAddress;
import dev.langchain4j.model.chat.StreamingChatModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This runtime's part in the on-chain agent registry ({@code bursar.registry}): keeps the discovery index current
 * (saved in the runtime's database),
 * builds each hiring agent's {@link Hirer} (resuming and reclaiming its jobs in the background) and each published
 * agent's A2A server (its priced skills behind a {@link JobDesk}), registers published agents on chain from their own
 * wallets, and serves their registration files. Contracts come from configuration; nothing is tied to the devnet.
 */
public final class AgentNetwork implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentNetwork.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BursarConfig.Registry config;
    private final Path dir;
    private final Web3j web3j;
    private final EvmAddress identity;
    private final EvmAddress reputation;
    private final EvmAddress escrow;
    private final RegistryRef registry;
    private final AgentIndex index = new AgentIndex();
    private final RegistryIndexer indexer;
    private final A2aClient a2a;
    private final Map<String, Path> credentials;
    private final List<UniswapV2Market> markets;
    private final ScheduledExecutorService background;
    private final Map<String, Published> published = new ConcurrentHashMap<>();
    /** Completed by {@link #start()}: nothing that sends a transaction runs before the journal was reconciled. */
    private final java.util.concurrent.CompletableFuture<Void> started = new java.util.concurrent.CompletableFuture<>();

    /** A published agent: its A2A server and the skills its registration file lists. */
    public record Published(A2aServer server, AgentDefinition definition, Map<String, Price> prices) {
    }

    public AgentNetwork(BursarConfig.Registry config, Path dataDir, List<UniswapV2Market> markets,
                        java.util.function.Function<RegistryRef, IndexStore> indexStore) {
        this.config = config;
        this.dir = dataDir.resolve("registry");
        this.markets = List.copyOf(markets);
        try {
            this.identity = EvmAddress.of(config.identity());
            this.reputation = EvmAddress.of(config.reputation());
            this.escrow = EvmAddress.of(config.escrow());
            Files.createDirectories(dir.resolve("agents"));
        } catch (RuntimeException | IOException e) {
            throw new IllegalArgumentException("bursar.registry: identity, reputation and escrow must be 0x addresses, and "
                    + dir + " writable (" + e.getMessage() + ")", e);
        }
        this.registry = new RegistryRef(config.chainId(), identity);
        this.web3j = Web3j.build(new HttpService(config.rpcUrl()));
        AgentUriResolver.Builder resolver = AgentUriResolver.builder();
        config.allowPrivateHosts().orElse(List.of()).forEach(resolver::allowPrivateHost);
        AgentUriResolver files = resolver.build();
        DiscoveryConfig.Builder discovery = DiscoveryConfig.builder().chainId(config.chainId()).identityRegistry(identity)
                .reputationRegistry(reputation).startBlock(config.startBlock().orElse(0)).confirmations(0);
        config.trustedReviewers().orElse(List.of()).forEach(r -> discovery.trustReviewer(EvmAddress.of(r)));
        this.indexer = RegistryIndexer.builder().web3j(web3j).config(discovery.build()).resolver(files).index(index)
                .store(indexStore.apply(registry)).build();
        this.a2a = A2aClient.builder().cards(files).build();
        this.credentials = credentials(config.credentials().orElse(List.of()));
        this.background = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "agent-network");
            t.setDaemon(true);
            return t;
        });
        background.scheduleWithFixedDelay(this::poll, 0, config.pollInterval().orElse(java.time.Duration.ofSeconds(2)).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The discovery index, current to the last poll. */
    public AgentIndex index() {
        return index;
    }

    /** Reads new registry events now (the background poll does this every {@code poll-interval}). */
    public synchronized void poll() {
        try {
            indexer.poll();
        } catch (RuntimeException e) {
            LOG.warn("registry poll failed error={} message={}", e.getClass().getSimpleName(), dev.bursar.wallet.RedactedUrl.scrub(e.getMessage()));
        }
    }

    /** Lets a policy fund the escrow and call the registry contracts, declaring their value-neutral calls. */
    public PaymentPolicy.Builder declare(PaymentPolicy.Builder b) {
        return b.allowContracts(identity, reputation, escrow)
                .declareCalls(escrow, JobEscrowClient.VALUE_NEUTRAL_CALLS.toArray(String[]::new))
                .declareCalls(reputation, ReputationRegistryClient.VALUE_NEUTRAL_CALLS.toArray(String[]::new))
                .declareCalls(identity, IdentityRegistryClient.VALUE_NEUTRAL_CALLS.toArray(String[]::new));
    }

    /** The agent's guarded sender on the registry's chain; its EVM wallet must be on that chain. */
    public GuardedTransactionSender sender(String agentId, GuardedWallet wallet, EvmWallet rail) {
        if (rail.chainId() != config.chainId()) {
            throw new AgentDefinitionException("agent " + agentId + ": its EVM wallet is on chain " + rail.chainId()
                    + ", the agent registry on chain " + config.chainId() + "; it cannot hire or publish there");
        }
        return new GuardedTransactionSender(wallet, rail, web3j);
    }

    /** The agent's hirer; its hires resume now and its lapsed jobs are reclaimed every minute. */
    public Hirer hirer(String agentId, GuardedTransactionSender sender) {
        Hirer hirer = Hirer.builder().a2a(a2a).chain(web3j, escrow, reputation, registry).sender(sender)
                .journal(FileHireJournal.open(dir.resolve("hires").resolve(agentId + ".jsonl")))
                .credentials(this::authorization)
                .jobTimeout(config.jobTimeout().orElse(java.time.Duration.ofMinutes(10)))
                .workWait(config.workWait().orElse(java.time.Duration.ofSeconds(60))).agents(index::get).build();
        afterStart(() -> {
            safely("resume hires of " + agentId, hirer::resume);
            background.scheduleWithFixedDelay(() -> safely("reclaim lapsed jobs of " + agentId, hirer::reclaimLapsed), 60, 60,
                    TimeUnit.SECONDS);
        });
        return hirer;
    }

    /**
     * Publishes {@code d}: builds its A2A server with its priced skills behind a job desk, and registers it on chain
     * (in the background, from its own wallet) unless it already is.
     */
    public Published publish(AgentDefinition d, GuardedTransactionSender sender, List<Asset> assets, StreamingChatModel model) {
        String base = config.publicUrl().orElseThrow(() -> new AgentDefinitionException("agent " + d.id()
                + ": field 'publish' needs bursar.registry.public-url, the address other agents reach this runtime at"));
        AgentDefinition.Publish p = d.publish().orElseThrow();
        if (p.skills().isEmpty()) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'publish.skills' lists no skill");
        }
        JobDesk.Builder desk = JobDesk.builder().escrow(web3j, escrow).sender(sender);
        Map<String, A2aWork> answers = new LinkedHashMap<>();
        Map<String, Price> prices = new LinkedHashMap<>();
        for (AgentDefinition.Skill s : p.skills()) {
            Amount price = amount(d, s.price(), assets);
            if (!(price.asset() instanceof Asset.Erc20Token token)) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'publish.skills." + s.id() + ".price' must be in an ERC-20"
                        + " token of wallets.evm.tokens (jobs are escrowed in tokens), got " + s.price());
            }
            prices.put(s.id(), new Price(price.units(), token.contract()));
            desk.price(s.id(), prices.get(s.id()));
            answers.put(s.id(), answer(d, s, assets, model));
        }
        desk.skills(request -> {
            A2aWork work = answers.get(String.valueOf(request.data().get(HireProtocol.SKILL)));
            if (work == null) {
                throw new A2aWorkRefusedException("no such skill");
            }
            return work.perform(request);
        });
        A2aCard card = new A2aCard(d.name(), p.description().orElse(d.name()), base + "/a2a/" + d.id(), "1.0.0",
                p.skills().stream().map(s -> new A2aSkill(s.id(), s.name(), s.description(), s.tags().orElse(List.of()))).toList(), true);
        Published out = new Published(A2aServer.builder().card(card).work(desk.build()).build(), d, prices);
        Published earlier = published.put(d.id(), out);
        if (earlier != null) {
            earlier.server().close();
        }
        afterStart(new Runnable() {
            @Override
            public void run() {
                try {
                    register(d, sender, base);
                } catch (RuntimeException e) {
                    LOG.warn("agent registration failed, retrying in 30 s agent={} error={} message={}", d.id(),
                            e.getClass().getSimpleName(), e.getMessage());
                    if (!background.isShutdown()) {
                        background.schedule(this, 30, TimeUnit.SECONDS);
                    }
                }
            }
        });
        return out;
    }

    /**
     * Lets the background work that sends transactions (registrations, resumed hires, refund claims) begin: called once
     * the runtime has reconciled its agents' spend journals, so a transaction in flight is never mistaken for one a
     * crash left behind.
     */
    public void start() {
        started.complete(null);
    }

    private void afterStart(Runnable task) {
        started.thenRunAsync(task, background);
    }

    /** The published agent {@code agentId}, if this runtime serves it. */
    public Optional<Published> published(String agentId) {
        return Optional.ofNullable(published.get(agentId));
    }

    /** The agent's id in the identity registry, once registered. */
    public Optional<BigInteger> registeredId(String agentId) {
        Path file = dir.resolve("agents").resolve(agentId + ".id");
        try {
            return Files.exists(file) ? Optional.of(new BigInteger(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The ERC-8004 registration file of published agent {@code agentId}, once it is registered on chain. */
    public Optional<String> registrationFile(String agentId) {
        Published p = published.get(agentId);
        Optional<BigInteger> id = registeredId(agentId);
        if (p == null || id.isEmpty()) {
            return Optional.empty();
        }
        String base = config.publicUrl().orElseThrow();
        ObjectNode file = JSON.createObjectNode();
        file.put("type", RegistrationFile.TYPE).put("name", p.definition().name())
                .put("description", p.definition().publish().orElseThrow().description().orElse(p.definition().name()));
        ObjectNode service = file.putArray("services").addObject();
        service.put("name", "A2A").put("endpoint", base + "/a2a/" + agentId + "/" + A2aCard.CARD_PATH).put("version", A2aCard.PROTOCOL_VERSION);
        ArrayNode skills = service.putArray("skills");
        ObjectNode prices = service.putObject(RegistrationFile.PRICES_FIELD);
        p.prices().forEach((skill, price) -> {
            skills.add(skill);
            prices.putObject(skill).put("amount", price.amount().toString()).put("token", price.token().value());
        });
        file.put("x402Support", false).put("active", true);
        file.putArray("registrations").addObject().put("agentId", id.get()).put("agentRegistry", registry.agentRegistry());
        file.putArray("supportedTrust").add("reputation");
        return Optional.of(file.toString());
    }

    private void register(AgentDefinition d, GuardedTransactionSender sender, String base) {
        if (registeredId(d.id()).isPresent()) {
            return;
        }
        GuardedTransactionSender duty = sender.forWork("publish-" + d.id(), new Grounding.OwnerDuty("publish agent " + d.id()
                + " as its owner configured", Set.of(identity)));
        // step 1 registers (a replay after a crash returns the journaled transaction, hence the same id); once the id is
        // kept, step 2 points the agent at its file again, so indexers that read the file before it named the id re-read it
        IdentityRegistryClient client = new IdentityRegistryClient(web3j, identity, duty);
        String uri = base + "/a2a/" + d.id() + "/registration.json";
        BigInteger id = client.register(uri);
        try {
            Files.writeString(dir.resolve("agents").resolve(d.id() + ".id"), id.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RegistryException("agent " + d.id() + " is registered as " + id + " but its id cannot be kept in " + dir, e);
        }
        client.setAgentUri(id, uri);
        LOG.info("agent published agent={} registryId={}", d.id(), id);
    }

    private A2aWork answer(AgentDefinition d, AgentDefinition.Skill s, List<Asset> assets, StreamingChatModel model) {
        return switch (s.answer() == null ? "" : s.answer()) {
            case "model" -> new ModelSkill(model, d.name(), s.description());
            case "uniswap-v2-price" -> {
                long chain = config.chainId();
                UniswapV2Market market = markets.stream().filter(m -> m.chainId() == chain).findFirst().orElseThrow(() ->
                        new AgentDefinitionException("agent " + d.id() + ": skill " + s.id() + " reads Uniswap V2 prices, but"
                                + " bursar.uniswap-v2." + chain + " is not configured"));
                String symbol = s.token().orElseThrow(() -> new AgentDefinitionException("agent " + d.id() + ": skill " + s.id()
                        + " needs 'token', the symbol or address of the token to quote"));
                Asset.Erc20Token token = assets.stream().filter(Asset.Erc20Token.class::isInstance).map(Asset.Erc20Token.class::cast)
                        .filter(t -> t.symbol().equalsIgnoreCase(symbol) || t.contract().value().equalsIgnoreCase(symbol)).findFirst()
                        .orElseThrow(() -> new AgentDefinitionException("agent " + d.id() + ": skill " + s.id() + "'s token '" + symbol
                                + "' is not in wallets.evm.tokens"));
                yield new UniswapV2PriceSkill(web3j, market, token);
            }
            default -> throw new AgentDefinitionException("agent " + d.id() + ": field 'publish.skills." + s.id()
                    + ".answer' must be 'model' or 'uniswap-v2-price', not '" + s.answer() + "'");
        };
    }

    private static Amount amount(AgentDefinition d, String text, List<Asset> assets) {
        try {
            return Amount.parse(text, assets);
        } catch (RuntimeException e) {
            throw new AgentDefinitionException("agent " + d.id() + ": a published skill's price '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Origin → key file; a key is read when a call needs it (a runtime's own key files appear at its first start). */
    private static Map<String, Path> credentials(List<String> pairs) {
        Map<String, Path> out = new HashMap<>();
        for (String pair : pairs) {
            int eq = pair.lastIndexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("bursar.registry.credentials: '" + pair + "' is not <origin>=<key file>");
            }
            String origin = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).replaceAll("/+$", "");
            String normalized = origin.matches("https?://[^/]+:\\d+") ? origin : origin + (origin.startsWith("https") ? ":443" : ":80");
            out.put(normalized, Path.of(pair.substring(eq + 1).strip()));
        }
        return out;
    }

    private Map<String, String> authorization(String origin) {
        Path file = credentials.get(origin);
        if (file == null) {
            return Map.of();
        }
        try {
            return Map.of("Authorization", "Bearer " + Files.readString(file).strip());
        } catch (IOException e) {
            throw new RegistryException("bursar.registry.credentials: cannot read the key file " + file + " for " + origin, e);
        }
    }

    private static void safely(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("background registry task failed task=\"{}\" error={} message={}", what, e.getClass().getSimpleName(), dev.bursar.wallet.RedactedUrl.scrub(e.getMessage()));
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
        published.values().forEach(p -> p.server().close());
        web3j.shutdown();
    }
}
