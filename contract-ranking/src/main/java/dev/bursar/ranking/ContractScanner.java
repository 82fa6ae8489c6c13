package dev.bursar.ranking;

import dev.bursar.wallet.value.EvmAddress;
import org.web3j.crypto.Hash;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Produces a {@link ContractReport} for one (chain, address), all on the node: code present, proxy resolution and
 * upgrade authority, opcode walk, owner privileges with eth_call probes, token buy/transfer/sell simulation, usage, and
 * optional external feeds. Reads are pinned to one block. A node failure in one step becomes an UNKNOWN_CHECK finding
 * and lowers confidence; a node that cannot even return the code gives a BLOCK report (NODE_UNAVAILABLE).
 */
public final class ContractScanner {

    static final String TRANSFER = "0xa9059cbb";
    static final String BALANCE_OF = "0x70a08231";
    static final Set<String> UUPS_SELECTORS = Set.of(ProxyResolver.UPGRADE_TO_AND_CALL, ProxyResolver.UPGRADE_TO);

    private final NodeClient node;
    private final PairLocator pairs;
    private final List<UniswapV2Market> markets;
    private final ForkLauncher forks;
    private final UsageProvider usage;
    private final List<ExternalFeed> feeds;
    private final int maxCodeBytes;
    private final boolean simulate;
    private volatile Long nodeChainId;
    private volatile Boolean simulationSupported;

    private ContractScanner(Builder b) {
        this.node = Objects.requireNonNull(b.node, "a node client is required");
        this.pairs = b.pairs;
        this.markets = List.copyOf(b.markets);
        this.forks = b.forks;
        this.usage = b.usage;
        this.feeds = List.copyOf(b.feeds);
        this.maxCodeBytes = b.maxCodeBytes;
        this.simulate = b.simulate;
    }

    public static Builder builder(NodeClient node) {
        return new Builder(node);
    }

    public NodeClient node() {
        return node;
    }

    /** Parses {@code address} strictly (EIP-55) and scans it. */
    public ContractReport scan(long chainId, String address) {
        return scan(chainId, EvmAddress.of(address));
    }

    public ContractReport scan(long chainId, EvmAddress address) {
        String a = address.lowerCase();
        long block;
        String codeHex;
        try {
            checkChain(chainId);
            block = node.blockNumber();
            codeHex = node.getCode(a, NodeClient.hex(block));
        } catch (NodeException e) {
            Finding f = Finding.of(FindingCode.NODE_UNAVAILABLE, "could not read the code of " + address + ": " + e.getMessage(), "node");
            return new ContractReport(chainId, address, 0, Verdict.BLOCK, 0.0, List.of(f), List.of(), -1, "", Usage.unknown("not read"));
        }
        ScanContext ctx = new ScanContext(node, chainId, a, block);
        byte[] code = HexFormat.of().parseHex(Abi.strip(codeHex));
        String codeHash = "0x" + HexFormat.of().formatHex(Hash.sha3(code));
        if (code.length == 0) {
            ctx.add(FindingCode.NO_CODE_AT_TARGET, address + " has no code at block " + block
                    + ": it is an externally owned account or not deployed on chain " + chainId, "node");
            return finish(ctx, address, List.of(), "0x", Usage.unknown("no code"), 1.0);
        }
        if (code.length > maxCodeBytes) {
            ctx.add(FindingCode.CODE_TOO_LARGE, code.length + " bytes of code, above the " + maxCodeBytes
                    + "-byte analysis limit: bytecode checks skipped", "bytecode");
            ctx.unknown("bytecode", "code too large", "bytecode");
            return finish(ctx, address, List.of(), codeHash, Usage.unknown("not read"), ctx.confidence());
        }
        Bytecode own = Bytecode.of(code);
        ProxyResolver.Resolution resolution = ctx.check("proxy resolution", () -> new ProxyResolver(ctx).resolve(a, own),
                new ProxyResolver.Resolution(false, List.of(), List.of()));

        // bytecode: the proxy's own code (unless it only forwards) and every implementation
        List<Bytecode> analysed = new ArrayList<>();
        if (own.eip7702Delegate().isEmpty() && own.cloneTarget().isEmpty()) {
            analysed.add(own);
        }
        analysed.addAll(resolution.codes());
        Set<String> selectors = new LinkedHashSet<>();
        boolean selfdestruct = false;
        boolean delegatecall = false;
        for (int i = 0; i < analysed.size(); i++) {
            Bytecode c = analysed.get(i);
            selectors.addAll(c.selectors());
            selfdestruct |= c.hasOpcode(Bytecode.SELFDESTRUCT);
            boolean isProxyCode = i == 0 && resolution.proxy() && analysed.get(0) == own;
            boolean uups = c.selectors().stream().anyMatch(UUPS_SELECTORS::contains);
            delegatecall |= c.hasOpcode(Bytecode.DELEGATECALL) && !isProxyCode && !uups;
        }
        if (selfdestruct) {
            ctx.add(FindingCode.SELFDESTRUCT_REACHABLE, "SELFDESTRUCT (0xff) is an instruction in the code section, not push data; "
                    + "after EIP-6780 it still sweeps the balance", "bytecode");
        }
        if (delegatecall) {
            ctx.add(FindingCode.DELEGATECALL_NON_PROXY, "DELEGATECALL (0xf4) in a contract that is not a proxy: "
                    + "it can run foreign code on its own storage", "bytecode");
        }
        ctx.check("owner privileges", () -> {
            new PrivilegeAnalyzer(ctx).analyze(selectors);
            return true;
        }, false);

        if (selectors.contains(TRANSFER) && selectors.contains(BALANCE_OF)) {
            simulateToken(ctx, address);
            probeEffects(ctx, selectors);
        }
        Usage u = ctx.check("usage (age, transactions, senders)", () -> usage.usage(node, address, block), Usage.unknown("node error"));
        if (u.confidence() > 0) {
            ctx.add(FindingCode.USAGE, "age " + u.ageSeconds().orElse(-1) + " s, " + u.txCount().orElse(-1) + " transactions, "
                    + u.uniqueSenders().orElse(-1) + " unique senders (" + u.source() + ")", u.source());
        }
        for (ExternalFeed feed : feeds) {
            ctx.check(feed.name(), () -> {
                feed.assess(chainId, address).forEach(ctx::add);
                return true;
            }, false);
        }
        List<EvmAddress> impls = resolution.implementations().stream().map(EvmAddress::of).toList();
        return finish(ctx, address, impls, codeHash, u, ctx.confidence());
    }

    private void simulateToken(ScanContext ctx, EvmAddress address) {
        if (!simulate) {
            ctx.unknown("buy/sell simulation", "simulation is turned off", "simulation");
            return;
        }
        for (UniswapV2Market market : markets) {
            if (market.chainId() != ctx.chainId) {
                continue;
            }
            Optional<String> pool = ctx.check("Uniswap V2 pool lookup", () -> poolOf(market, address), Optional.<String>empty());
            if (pool.isPresent()) {
                simulationNode(ctx, "router buy/sell simulation").ifPresent(sim -> ctx.check("router buy/sell simulation", () -> {
                    new RouterSimulator(ctx, market, sim).simulate(ctx.address, pool.get());
                    return true;
                }, false));
                return;
            }
        }
        Optional<EvmAddress> pair;
        try {
            pair = pairs.pairOf(ctx.chainId, address);
        } catch (RuntimeException e) {
            ctx.unknown("buy/sell simulation", "the pair locator failed: " + e.getMessage(), "simulation");
            return;
        }
        if (pair.isEmpty()) {
            ctx.unknown("buy/sell simulation", "no trading pair is known for this token", "simulation");
            return;
        }
        simulationNode(ctx, "buy/sell simulation").ifPresent(sim -> ctx.check("buy/sell simulation", () -> {
            new TokenSimulator(ctx, sim).simulate(ctx.address, pair.get().lowerCase());
            return true;
        }, false));
    }

    /** Owner privileges by effect, for selectors that names alone do not explain (needs owner() and a simulation node). */
    private void probeEffects(ScanContext ctx, Set<String> selectors) {
        List<String> candidates = EffectProber.candidates(selectors);
        if (!simulate || candidates.isEmpty() || !selectors.contains(PrivilegeAnalyzer.OWNER)) {
            return;
        }
        Optional<String> owner = ctx.check("the owner for effect probing", () -> {
            NodeClient.CallResult r = node.ethCall(null, ctx.address, PrivilegeAnalyzer.OWNER, NodeClient.hex(ctx.blockNumber));
            return r.success() ? Abi.addressFromWord(r.data()).filter(o -> !Abi.isZeroAddress(o)) : Optional.<String>empty();
        }, Optional.<String>empty());
        if (owner.isEmpty()) {
            return;
        }
        simulationNode(ctx, "owner privileges by effect").ifPresent(sim -> ctx.check("owner privileges by effect", () -> {
            new EffectProber(ctx, sim).probe(ctx.address, owner.get(), candidates);
            return true;
        }, false));
    }

    /**
     * Where trades can be simulated: the scanned node when it is anvil (snapshot and revert), else a fork of it when a
     * {@link ForkLauncher} is configured; empty, with the reason recorded, when neither.
     */
    private Optional<NodeClient> simulationNode(ScanContext ctx, String what) {
        if (simulationSupported == null) {
            simulationSupported = TokenSimulator.supported(node);
        }
        if (simulationSupported) {
            return Optional.of(node);
        }
        if (forks == null) {
            ctx.unknown(what, "the node is not anvil (no evm_snapshot / impersonation) and fork mode is off: "
                    + "configure an anvil binary to simulate on a local fork", "simulation");
            return Optional.empty();
        }
        return Optional.ofNullable(ctx.check("a local fork of chain " + ctx.chainId, () -> forks.forkOf(node, ctx.chainId), null));
    }

    /** The market's pool of {@code token} against its wrapped native coin, when the factory has one. */
    private Optional<String> poolOf(UniswapV2Market market, EvmAddress token) {
        NodeClient.CallResult r = node.ethCall(null, market.factory().lowerCase(),
                RouterSimulator.GET_PAIR + Abi.word(token.lowerCase()) + Abi.word(market.weth().lowerCase()), "latest");
        if (!r.success()) {
            throw new RankingException("the Uniswap V2 factory " + market.factory().lowerCase() + " reverted getPair: " + r.revertReason());
        }
        return Abi.addressFromWord(r.data()).filter(a -> !a.equals("0x" + "0".repeat(40)));
    }

    private ContractReport finish(ScanContext ctx, EvmAddress address, List<EvmAddress> impls, String codeHash, Usage u, double confidence) {
        Scoring.Result r = Scoring.score(ctx.findings(), u, confidence);
        return new ContractReport(ctx.chainId, address, r.score(), r.verdict(), confidence, ctx.findings(), impls, ctx.blockNumber, codeHash, u);
    }

    private void checkChain(long chainId) {
        if (chainId <= 0) {
            throw new RankingException("chain id must be positive, got " + chainId);
        }
        Long actual = nodeChainId;
        if (actual == null) {
            actual = node.chainId();
            nodeChainId = actual;
        }
        if (actual != chainId) {
            throw new RankingException("the node at " + node.url() + " serves chain " + actual + ", not chain " + chainId
                    + ": configure a node for chain " + chainId);
        }
    }

    /**
     * Configures a scanner; only the node is required. Simulation runs on anvil (or a fork of any node, with
     * {@link #forks}), for a token with a pool on a {@link UniswapV2Market} or a pair a {@link PairLocator} knows.
     */
    public static final class Builder {
        private final NodeClient node;
        private PairLocator pairs = PairLocator.none();
        private final List<UniswapV2Market> markets = new ArrayList<>();
        private ForkLauncher forks;
        private UsageProvider usage = new RpcUsageProvider();
        private final List<ExternalFeed> feeds = new ArrayList<>();
        private int maxCodeBytes = 49_152;
        private boolean simulate = true;

        private Builder(NodeClient node) {
            this.node = node;
        }

        public Builder pairs(PairLocator pairs) {
            this.pairs = Objects.requireNonNull(pairs);
            return this;
        }

        /** Adds a Uniswap V2 market: a token with a pool there is bought and sold through its router (tried first). */
        public Builder market(UniswapV2Market market) {
            markets.add(Objects.requireNonNull(market));
            return this;
        }

        /**
         * Fork mode: on a node that is not anvil, trades are simulated on a local fork from this launcher (the caller
         * closes it); without one, simulation there is UNKNOWN.
         */
        public Builder forks(ForkLauncher forks) {
            this.forks = Objects.requireNonNull(forks);
            return this;
        }

        public Builder usage(UsageProvider usage) {
            this.usage = Objects.requireNonNull(usage);
            return this;
        }

        /** Adds an optional external feed (none by default). */
        public Builder feed(ExternalFeed feed) {
            feeds.add(Objects.requireNonNull(feed));
            return this;
        }

        /** Code above this size is not analysed (default 49,152 bytes, twice EIP-170's limit). */
        public Builder maxCodeBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("the code size limit must be positive");
            }
            this.maxCodeBytes = bytes;
            return this;
        }

        public Builder simulate(boolean on) {
            this.simulate = on;
            return this;
        }

        public ContractScanner build() {
            return new ContractScanner(this);
        }
    }
}
