package dev.bursar.runtime.agent;

import dev.bursar.l402.client.FileTokenStore;
import dev.bursar.l402.client.PayingHttpClient;
import dev.bursar.l402.evm.GuardedAuthorizationPayer;
import dev.bursar.l402.x402.X402Authenticator;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.evm.TransferAuthorizationWallet;
import dev.bursar.l402.lnd.GuardedInvoicePayer;
import dev.bursar.ranking.ContractRanking;
import dev.bursar.ranking.UniswapV2Market;
import dev.bursar.ranking.ContractRankingGuard;
import dev.bursar.runtime.store.AddressBookStore;
import dev.bursar.tools.AgentContext;
import dev.bursar.tools.AgentWallet;
import dev.bursar.tools.ConversationWords;
import dev.bursar.tools.PaidFetcher;
import dev.bursar.tools.BursarPlugin;
import dev.bursar.tools.EvmChain;
import dev.bursar.tools.OwnerDuties;
import dev.bursar.tools.GrantedTool;
import dev.bursar.tools.plugin.InstalledPlugin;
import dev.bursar.tools.plugin.PluginCatalog;
import dev.bursar.tools.plugin.PluginException;
import dev.bursar.tools.mcp.McpServerPlugin;
import dev.bursar.tools.mcp.McpServerSpec;
import dev.bursar.tools.Permission;
import dev.bursar.tools.ToolCallListener;
import dev.bursar.tools.ToolGate;
import dev.bursar.tools.l402.PaidFetchPlugin;
import dev.bursar.tools.AgentHirer;
import dev.bursar.runtime.registry.OwnerHirer;
import dev.bursar.tools.agents.HiringPlugin;
import dev.bursar.registry.GuardedTransactionSender;
import dev.bursar.runtime.registry.AgentNetwork;
import dev.bursar.tools.wallet.WalletPlugin;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.WalletException;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.evm.SecretSource;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.SpendListener;
import dev.bursar.wallet.policy.TransactionGuard;
import dev.bursar.runtime.decide.DecidingChatModel;
import dev.bursar.runtime.decide.LocalEmbeddings;
import dev.bursar.runtime.decide.ToolPreselector;
import dev.bursar.runtime.decide.TurnDecider;
import dev.bursar.runtime.model.LlamaChatModel;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.tool.ToolExecutor;
import dev.langchain4j.store.memory.chat.ChatMemoryStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a {@link RunningAgent} from its definition: connects its wallets, builds its policy against the assets they
 * hold, builds its L402 client (paying through its guarded wallet, tokens kept under the data directory), grants its
 * plugins' tools, and assembles the LangChain4j AI service with its model and persisted memory. Agents on the same
 * EVM node share one contract ranking (the contract-safety guard and the contracts plugin use it).
 */
public final class AgentFactory implements AutoCloseable {

    private final ModelProvider models;
    private final SpendLedger ledger;
    private final ChatMemoryStore memory;
    private final List<ToolCallListener> toolListeners;
    private final List<SpendListener> spendListeners;
    private final int maxToolCallsPerTurn;
    private final ContractRankings rankings;
    private final Path dataDir;
    private final AddressBookStore addressBooks;
    private final Optional<AgentNetwork> network;
    private final PluginCatalog plugins;
    /** What each built agent holds open (its MCP connections), closed by {@link #release} when it is replaced or deleted. */
    private final Map<RunningAgent, List<McpServerPlugin>> resources = java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    /** How close a runner-up tool must score to the best for the model to choose between them (cosine similarity). */
    static final double CHOICE_MARGIN = 0.04;
    /** The gas ceiling of an agent that hires or publishes, unless its policy sets {@code maxGasLimit}. */
    static final long REGISTRY_GAS_LIMIT = 400_000;
    private ToolPreselector preselector;

    /** An agent factory whose owners have empty address books. */
    public AgentFactory(ModelProvider models, SpendLedger ledger, ChatMemoryStore memory, List<ToolCallListener> toolListeners,
                        List<SpendListener> spendListeners, int maxToolCallsPerTurn, Path dataDir) {
        this(models, ledger, memory, toolListeners, spendListeners, maxToolCallsPerTurn, dataDir, AddressBookStore.EMPTY);
    }

    /**
     * @param addressBooks the owners' address books: a contact the owner names in a chat grounds a payment to it
     * @param dataDir the runtime's data directory; each agent's paid L402 tokens live in {@code l402/<agent id>.tokens} */
    public AgentFactory(ModelProvider models, SpendLedger ledger, ChatMemoryStore memory, List<ToolCallListener> toolListeners,
                        List<SpendListener> spendListeners, int maxToolCallsPerTurn, Path dataDir, AddressBookStore addressBooks) {
        this(models, ledger, memory, toolListeners, spendListeners, maxToolCallsPerTurn, dataDir, addressBooks, List.of(), Optional.empty());
    }

    /**
     * @param markets the Uniswap V2 markets (per chain) on which the contract ranking buys and sells a token before an
     *        agent pays it; a chain without one simulates only pairs it is told of, or says the check was not run
     * @param forkAnvil an anvil binary for fork mode: simulation on a local fork of a node that is not anvil
     */
    public AgentFactory(ModelProvider models, SpendLedger ledger, ChatMemoryStore memory, List<ToolCallListener> toolListeners,
                        List<SpendListener> spendListeners, int maxToolCallsPerTurn, Path dataDir, AddressBookStore addressBooks,
                        List<UniswapV2Market> markets, Optional<Path> forkAnvil) {
        this(models, ledger, memory, toolListeners, spendListeners, maxToolCallsPerTurn, dataDir, addressBooks, markets, forkAnvil,
                Optional.empty());
    }

    /** @param network the on-chain agent registry, for agents that hire ({@code plugins.agents}) or publish themselves */
    public AgentFactory(ModelProvider models, SpendLedger ledger, ChatMemoryStore memory, List<ToolCallListener> toolListeners,
                        List<SpendListener> spendListeners, int maxToolCallsPerTurn, Path dataDir, AddressBookStore addressBooks,
                        List<UniswapV2Market> markets, Optional<Path> forkAnvil, Optional<AgentNetwork> network) {
        this(models, ledger, memory, toolListeners, spendListeners, maxToolCallsPerTurn, dataDir, addressBooks, markets, forkAnvil,
                network, RuntimePlugins.builtIn());
    }

    /** @param plugins the plugins agents may enable (built-ins, class path, the plugins directory); the caller closes it */
    public AgentFactory(ModelProvider models, SpendLedger ledger, ChatMemoryStore memory, List<ToolCallListener> toolListeners,
                        List<SpendListener> spendListeners, int maxToolCallsPerTurn, Path dataDir, AddressBookStore addressBooks,
                        List<UniswapV2Market> markets, Optional<Path> forkAnvil, Optional<AgentNetwork> network, PluginCatalog plugins) {
        this.plugins = plugins;
        this.network = network;
        this.rankings = new ContractRankings(Duration.ofSeconds(15), markets, forkAnvil);
        this.addressBooks = addressBooks;
        this.models = models;
        this.ledger = ledger;
        this.memory = memory;
        this.toolListeners = List.copyOf(toolListeners);
        this.spendListeners = List.copyOf(spendListeners);
        this.maxToolCallsPerTurn = maxToolCallsPerTurn;
        this.dataDir = dataDir;
    }

    /** Builds the agent {@code d} describes; what it opened (its MCP connections) is closed again if building fails. */
    public RunningAgent build(AgentDefinition d) {
        List<McpServerPlugin> opened = new ArrayList<>();
        try {
            RunningAgent agent = assemble(d, opened);
            resources.put(agent, List.copyOf(opened));
            return agent;
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    private RunningAgent assemble(AgentDefinition d, List<McpServerPlugin> opened) {
        GuardedWallet.Builder guardedBuilder = GuardedWallet.builder().agentId(d.id()).ledger(ledger);
        List<Asset> assets = new ArrayList<>();
        List<TransferAuthorizationWallet> signers = new ArrayList<>();
        List<EvmWallet> rails = new ArrayList<>();
        try {
            d.wallets().evm().ifPresent(e -> {
                EvmWallet.Builder evmBuilder = EvmWallet.builder().rpcUrl(e.rpcUrl()).chainId(e.chainId())
                        .keys(EvmKeys.fromKeystore(e.keystore(), SecretSource.file(e.passwordFile())));
                // registry calls (register ~200k gas, createJob ~220k) need more than a plain transfer's default ceiling
                boolean registryCalls = d.publish().isPresent() || (d.plugins() != null && d.plugins().containsKey(HiringPlugin.ID))
                        || d.duties().isPresent();
                d.policy().maxGasLimit().or(() -> registryCalls ? Optional.of(REGISTRY_GAS_LIMIT) : Optional.empty())
                        .ifPresent(gas -> evmBuilder.maxGasLimit(java.math.BigInteger.valueOf(gas)));
                EvmWallet evm = evmBuilder.build();
                rails.add(evm);
                guardedBuilder.wallet(evm);
                assets.add(evm.nativeCoin());
                e.tokens().orElse(List.of()).forEach(t -> assets.add(evm.token(EvmAddress.of(t))));
                if (d.l402().flatMap(AgentDefinition.L402::x402).isPresent()) {
                    TransferAuthorizationWallet signer = evm.authorizations();
                    guardedBuilder.wallet(signer);
                    signers.add(signer);
                }
            });
            d.wallets().lightning().ifPresent(l -> {
                LightningWallet.Builder lnBuilder = LightningWallet.builder().network(BitcoinNetwork.of(l.network()))
                        .connection(LndConnection.builder().host(l.host()).port(l.port()).tlsCert(l.tlsCert()).macaroon(l.macaroon()).build());
                d.policy().lightningFee().ifPresent(fee -> lnBuilder.feeLimit(fee.ppm(), fee.floorSat()));
                LightningWallet ln = lnBuilder.build();
                guardedBuilder.wallet(ln);
                assets.add(ln.asset());
            });
        } catch (WalletException e) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'wallets': " + e.getMessage(), e);
        }
        if (assets.isEmpty()) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'wallets' names no wallet");
        }
        Map<String, Set<Permission>> grants = grants(d);
        // any plugin granted contract:read gets the ranking, not only Bursar's own contract plugin
        Optional<ContractRanking> ranking = contractRanking(d, grants.values().stream().anyMatch(g -> g.contains(Permission.CONTRACT_READ)));
        Optional<TransactionGuard> guard = d.policy().contractSafety().map(cs -> new ContractRankingGuard(ranking.orElseThrow(),
                cs.blockBelowOrDefault(), cs.warnBelowOrDefault()));
        boolean hires = grants.containsKey(HiringPlugin.ID);
        Optional<AgentNetwork> registry = hires || d.publish().isPresent() ? Optional.of(network.orElseThrow(() ->
                new AgentDefinitionException("agent " + d.id() + ": hiring (plugins.agents) and publishing need the agent registry;"
                        + " configure bursar.registry"))) : Optional.empty();
        if (registry.isPresent() && rails.isEmpty()) {
            throw new AgentDefinitionException("agent " + d.id() + ": hiring and publishing need wallets.evm on the registry's chain");
        }
        Map<String, AgentDefinition.Duty> dutyDefinitions = d.duties().orElse(Map.of());
        List<OwnerDuties.Duty> duties = PolicyFactory.duties(d.id(), dutyDefinitions);
        if (!duties.isEmpty() && rails.isEmpty()) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'duties' needs wallets.evm, which makes the calls");
        }
        guardedBuilder.policy(PolicyFactory.build(d.id(), d.policy(), d.l402(), assets, guard,
                b -> PolicyFactory.declareDuties(registry.map(n -> n.declare(b)).orElse(b), duties, dutyDefinitions)));
        ConversationWords words = new StoredConversationWords(d.id(), d.owner(), memory, addressBooks);
        d.policy().approvalTtl().ifPresent(guardedBuilder::approvalTtl);
        spendListeners.forEach(guardedBuilder::listener);
        GuardedWallet wallet = guardedBuilder.build();

        List<BursarPlugin> enabled = new ArrayList<>(plugins(d, grants));
        List<McpServerPlugin> mcp = mcpServers(d);
        opened.addAll(mcp);
        for (McpServerPlugin server : mcp) {
            if (grants.containsKey(server.id())) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'mcpServers': '" + server.id() + "' is also a plugin id");
            }
            grants.put(server.id(), Set.of(server.permission()));
            enabled.add(server);
        }
        Optional<PayingHttpClient> paidApis = l402Client(d, wallet, signers.stream().findFirst(), assets, grants.containsKey(PaidFetchPlugin.ID));
        Optional<GuardedTransactionSender> registrySender = registry.map(n -> n.sender(d.id(), wallet, rails.getFirst()));
        Optional<dev.bursar.registry.hire.Hirer> hirer = hires ? Optional.of(registry.get().hirer(d.id(), registrySender.get()))
                : Optional.empty();
        Optional<AgentHirer> hiring = hirer.map(h -> new AgentHirer(registry.get().index(), h, words));
        Optional<OwnerHirer> ownerHiring = hirer.map(h -> new OwnerHirer(hiring.get(), registry.get().index(), h));
        Map<ToolSpecification, ToolExecutor> tools = new java.util.LinkedHashMap<>();
        List<GrantedTool> grantedTools;
        try {
            Map<String, Map<String, String>> settings = d.pluginSettings().orElse(Map.of());
            for (String configured : settings.keySet()) {
                if (!grants.containsKey(configured)) {
                    throw new AgentDefinitionException("agent " + d.id() + ": field 'pluginSettings." + configured + "': the agent does not"
                            + " enable plugin " + configured + " in 'plugins'");
                }
            }
            grantedTools = new ToolGate(d.id(), grants, toolListeners, settings).granted(enabled, new AgentContext(d.id(),
                    new AgentWallet(wallet, words), assets, paidApis.map(c -> new PaidFetcher(c, words)), ranking, hiring,
                    rails.stream().findFirst().map(EvmChain::new), Map.of(),
                    duties.isEmpty() ? Optional.empty() : Optional.of(new OwnerDuties(wallet, rails.getFirst(), duties))));
            grantedTools.forEach(t -> tools.put(t.specification(), t.executor()));
        } catch (PluginException | IllegalArgumentException e) {
            throw new AgentDefinitionException("agent " + d.id() + ": " + e.getMessage(), e);
        }
        checkSchedule(d, grantedTools);
        d.publish().ifPresent(p -> registry.get().publish(d, registrySender.get(), assets, models.streaming(d.model())));

        String persona = d.persona() == null || d.persona().isBlank()
                ? "You are " + d.name() + ", an assistant that holds a wallet. Use the tools to check balances and make payments."
                : d.persona();
        StreamingChatModel chat = models.streaming(d.model());
        if (chat instanceof LlamaChatModel local && !tools.isEmpty()) {
            // a small local model chooses; code reads the user's words and fills the arguments (dev.bursar.runtime.decide)
            chat = new DecidingChatModel(local, local, preselector(), new TurnDecider(assets, CHOICE_MARGIN, 3), assets,
                    () -> addressBooks.of(d.owner()));
        }
        AiServices<AgentAssistant> builder = AiServices.builder(AgentAssistant.class)
                .streamingChatModel(chat)
                .systemMessageProvider(memoryId -> persona)
                .chatMemoryProvider(memoryId -> MessageWindowChatMemory.builder().id(d.id() + "/" + memoryId)
                        .maxMessages(d.memoryWindowOrDefault()).chatMemoryStore(memory).build())
                .maxSequentialToolsInvocations(maxToolCallsPerTurn);
        if (!tools.isEmpty()) {
            if (d.toolResultsAsAnswerOrDefault()) {
                builder.tools(tools, tools.keySet().stream().map(ToolSpecification::name).collect(java.util.stream.Collectors.toSet()));
            } else {
                builder.tools(tools);
            }
        }
        return new RunningAgent(d, builder.build(), wallet, List.copyOf(assets), paidApis, ownerHiring, grantedTools);
    }

    /** Each scheduled tool must be one the agent was granted, at most once a second. */
    private static void checkSchedule(AgentDefinition d, List<GrantedTool> granted) {
        for (AgentDefinition.ScheduledTool s : d.schedule().orElse(List.of())) {
            if (s.tool() == null || granted.stream().noneMatch(t -> t.specification().name().equals(s.tool()))) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'schedule': '" + s.tool() + "' is not one of its tools "
                        + granted.stream().map(t -> t.specification().name()).toList());
            }
            if (s.every() == null || s.every().compareTo(java.time.Duration.ofSeconds(1)) < 0) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'schedule': '" + s.tool() + "' needs 'every', a second or more"
                        + " (such as PT5M)");
            }
        }
    }

    /** The tool preselector every local-model agent shares, loaded with the first one (its embedding model takes a second). */
    private synchronized ToolPreselector preselector() {
        if (preselector == null) {
            preselector = ToolPreselector.of(LocalEmbeddings.allMiniLm());
        }
        return preselector;
    }

    /** The ranking of the agent's EVM chain, when its policy scores contracts or it may use the contracts plugin. */
    private Optional<ContractRanking> contractRanking(AgentDefinition d, boolean pluginEnabled) {
        if (d.wallets().evm().isEmpty() || (d.policy().contractSafety().isEmpty() && !pluginEnabled)) {
            if (d.policy().contractSafety().isPresent()) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'policy.contractSafety' needs wallets.evm");
            }
            return Optional.empty();
        }
        AgentDefinition.Evm evm = d.wallets().evm().get();
        try {
            return Optional.of(rankings.of(evm.rpcUrl(), evm.chainId()));
        } catch (RuntimeException e) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'wallets.evm.rpcUrl': contracts cannot be scored there ("
                    + e.getMessage() + ")", e);
        }
    }

    /** The contract ranking of {@code chainId}, when an agent built here scores contracts on that chain. */
    public Optional<ContractRanking> contractRanking(long chainId) {
        return rankings.forChain(chainId);
    }

    /** Stops the contract rankings' scan pools and event polling. */
    @Override
    public void close() {
        rankings.close();
        synchronized (resources) {
            resources.values().forEach(AgentFactory::closeAll);
            resources.clear();
        }
    }

    /** Disconnects what {@code agent} held open (its MCP servers): call it once the agent is replaced or deleted. */
    public void release(RunningAgent agent) {
        closeAll(resources.remove(agent));
    }

    private static void closeAll(List<? extends AutoCloseable> open) {
        if (open == null) {
            return;
        }
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a connection that is already gone
            }
        }
    }

    /**
     * The bearer token in {@code file}, which must lie in {@code <data dir>/mcp-tokens} (a relative name is taken from
     * there): its content is sent to a server the definition names, so a definition must not be able to pick any file
     * on the host (a keystore's password file, say) and send it off.
     */
    private String mcpToken(Path file) {
        Path dir = dataDir.resolve("mcp-tokens").toAbsolutePath().normalize();
        try {
            Path real = dir.resolve(file).toRealPath();
            if (!real.startsWith(dir.toRealPath())) {
                throw new IllegalArgumentException("its tokenFile must be a file in " + dir + "; keep only MCP tokens there");
            }
            return java.nio.file.Files.readString(real).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read its tokenFile " + file + " in " + dir + " (" + e.getMessage() + ")");
        }
    }

    /** Connects the agent's MCP servers; a failure closes the ones already connected and names the server. */
    private List<McpServerPlugin> mcpServers(AgentDefinition d) {
        List<McpServerPlugin> connected = new ArrayList<>();
        for (Map.Entry<String, AgentDefinition.McpServer> e : d.mcpServers().orElse(Map.of()).entrySet()) {
            String field = "mcpServers." + e.getKey();
            try {
                AgentDefinition.McpServer m = e.getValue();
                if (m == null || m.url() == null) {
                    throw new IllegalArgumentException("give its url (the server's MCP endpoint, such as http://127.0.0.1:3001/mcp)");
                }
                Optional<String> token = m.tokenFile().map(this::mcpToken);
                connected.add(McpServerPlugin.connect(new McpServerSpec(e.getKey(), java.net.URI.create(m.url().strip()), m.tools(), token,
                        m.timeout().orElse(Duration.ofSeconds(30)))));
            } catch (IllegalArgumentException | WalletException ex) {
                closeAll(connected);
                throw new AgentDefinitionException("agent " + d.id() + ": field '" + field + "': " + ex.getMessage(), ex);
            }
        }
        return connected;
    }

    /**
     * The agent's paying client when it has an l402 block and a rail to pay with: a Lightning wallet for L402, an
     * EIP-3009 signer of its EVM wallet for x402; the l402 plugin needs one of them.
     */
    private Optional<PayingHttpClient> l402Client(AgentDefinition d, GuardedWallet wallet, Optional<TransferAuthorizationWallet> signer,
                                            List<Asset> assets, boolean pluginEnabled) {
        Optional<LightningWallet> lightning = wallet.wallets().values().stream().filter(LightningWallet.class::isInstance)
                .map(LightningWallet.class::cast).findFirst();
        if (d.l402().isEmpty() || (lightning.isEmpty() && signer.isEmpty())) {
            if (pluginEnabled) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'plugins.l402': the l402 plugin needs a wallets.lightning "
                        + "node or an l402.x402 block, and an l402 block (allowedHosts, and maxPriceSats for Lightning)");
            }
            return Optional.empty();
        }
        AgentDefinition.L402 limits = d.l402().get();
        try {
            PayingHttpClient.Builder b = PayingHttpClient.builder()
                    .tokenStore(new FileTokenStore(dataDir.resolve("l402").resolve(d.id() + ".tokens")))
                    .allowedHosts(limits.allowedHosts())
                    .maxResponseBytes(1 << 20); // the tool shows the model 4,000 characters; a seller cannot fill the heap
            if (lightning.isPresent()) {
                b.payer(new GuardedInvoicePayer(wallet, lightning.get())).maxPriceSats(limits.maxPriceSats());
            }
            if (signer.isPresent() && limits.x402().isPresent()) {
                AgentDefinition.X402 x = limits.x402().get();
                X402Authenticator.Builder x402 = X402Authenticator.builder().payer(new GuardedAuthorizationPayer(wallet, signer.get()));
                for (String price : x.maxPrice()) {
                    Amount max = Amount.parse(price, assets);
                    if (!(max.asset() instanceof Asset.Erc20Token token)) {
                        throw new AgentDefinitionException("agent " + d.id() + ": field 'l402.x402.maxPrice': '" + price
                                + "' is not in an ERC-20 token of wallets.evm.tokens; x402 pays in tokens");
                    }
                    x402.maxPrice(token.contract().value(), max.units());
                }
                x.payees().orElse(Map.of()).forEach(x402::payee);
                b.x402(x402.build(), x.preferred().orElse(false));
            }
            return Optional.of(b.build());
        } catch (IllegalArgumentException | WalletException e) {
            throw new AgentDefinitionException("agent " + d.id() + ": field 'l402': " + e.getMessage(), e);
        }
    }

    private static Map<String, Set<Permission>> grants(AgentDefinition d) {
        Map<String, Set<Permission>> grants = new HashMap<>();
        if (d.plugins() != null) {
            d.plugins().forEach((plugin, permissions) -> {
                Set<Permission> set = new java.util.HashSet<>();
                for (String p : permissions) {
                    try {
                        set.add(Permission.of(p));
                    } catch (IllegalArgumentException e) {
                        throw new AgentDefinitionException("agent " + d.id() + ": field 'plugins." + plugin + "': " + e.getMessage(), e);
                    }
                }
                grants.put(plugin, set);
            });
        }
        return grants;
    }

    /**
     * The plugins {@code d} enables, each checked against its grants: a grant the plugin does not declare is a mistake in
     * the definition, and a refused plugin is named with the reason it was refused.
     */
    private List<BursarPlugin> plugins(AgentDefinition d, Map<String, Set<Permission>> grants) {
        List<BursarPlugin> out = new ArrayList<>();
        for (Map.Entry<String, Set<Permission>> grant : grants.entrySet()) {
            String id = grant.getKey();
            InstalledPlugin p = plugins.find(id).orElseThrow(() -> new AgentDefinitionException("agent " + d.id() + ": field 'plugins': no"
                    + " plugin '" + id + "' is installed" + plugins.refused().stream().filter(r -> r.location().contains(id)).findFirst()
                    .map(r -> " (" + r.location() + " was refused: " + r.reason() + ")").orElse("")
                    + "; installed: " + plugins.installed().stream().map(InstalledPlugin::id).toList()));
            Set<Permission> undeclared = new java.util.TreeSet<>(java.util.Comparator.comparing(Permission::id));
            undeclared.addAll(grant.getValue());
            undeclared.removeAll(p.permissions());
            if (!undeclared.isEmpty()) {
                throw new AgentDefinitionException("agent " + d.id() + ": field 'plugins." + id + "': " + undeclared + " is not a"
                        + " permission of plugin " + id + " (it declares " + p.permissionIds() + ")");
            }
            out.add(p.plugin());
        }
        return out;
    }

}
