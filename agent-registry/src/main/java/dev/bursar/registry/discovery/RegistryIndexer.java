package dev.bursar.registry.discovery;

import dev.bursar.registry.reputation.FeedbackValue;
import dev.bursar.wallet.value.EvmAddress;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int128;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Follows an ERC-8004 identity registry ({@code Registered}, {@code URIUpdated}, {@code MetadataSet} of the agent
 * wallet) and its reputation registry ({@code NewFeedback}, {@code FeedbackRevoked} by trusted reviewers) into an
 * {@link AgentIndex}, with {@code eth_getLogs} over bounded block ranges, {@code confirmations} blocks behind the head.
 *
 * <p>An agent is indexed only when its agentURI resolves within the resolver's bounds to a valid registration file that
 * names this agent id in this registry; otherwise it is left out (or dropped, after a {@code URIUpdated}) and the reason
 * is kept in {@link #rejections()}. Owner and wallet are read from the registry at the event's block.
 *
 * <p>Reorgs: the hashes of the last {@code reorgWindow} processed blocks are remembered; when the newest no longer
 * matches the chain, the index is rolled back to the newest remembered block that still matches and read again from
 * there. A fork older than the window (or one noticed after a restart, whose undo records are gone) rebuilds the index
 * from the start block. The index is saved to the {@link IndexStore} after each range that changed it, after a reorg,
 * and at least every {@value #SAVE_EVERY_BLOCKS} blocks (ranges without registry events are cheap to read again).
 *
 * <p>Not thread-safe for writers: call {@link #poll()} from one thread; queries on {@link #index()} may run
 * concurrently.
 */
public final class RegistryIndexer {

    private static final Event REGISTERED = new Event("Registered", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Utf8String>() { }, new TypeReference<Address>(true) { }));
    private static final Event URI_UPDATED = new Event("URIUpdated", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Utf8String>() { }, new TypeReference<Address>(true) { }));
    private static final Event METADATA_SET = new Event("MetadataSet", List.of(new TypeReference<Uint256>(true) { },
            new TypeReference<Utf8String>(true) { }, new TypeReference<Utf8String>() { }, new TypeReference<org.web3j.abi.datatypes.DynamicBytes>() { }));
    private static final Event NEW_FEEDBACK = new Event("NewFeedback", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Uint64>() { },
            new TypeReference<Int128>() { }, new TypeReference<Uint8>() { }, new TypeReference<Utf8String>(true) { },
            new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { }, new TypeReference<Utf8String>() { },
            new TypeReference<Utf8String>() { }, new TypeReference<Bytes32>() { }));
    private static final Event FEEDBACK_REVOKED = new Event("FeedbackRevoked", List.of(
            new TypeReference<Uint256>(true) { }, new TypeReference<Address>(true) { }, new TypeReference<Uint64>(true) { }));
    /** The most blocks a restart reads again because ranges without events were not saved. */
    static final int SAVE_EVERY_BLOCKS = 1_000;
    private static final String TOPIC_REGISTERED = EventEncoder.encode(REGISTERED);
    private static final String TOPIC_URI_UPDATED = EventEncoder.encode(URI_UPDATED);
    private static final String TOPIC_METADATA_SET = EventEncoder.encode(METADATA_SET);
    private static final String TOPIC_NEW_FEEDBACK = EventEncoder.encode(NEW_FEEDBACK);
    private static final String TOPIC_FEEDBACK_REVOKED = EventEncoder.encode(FEEDBACK_REVOKED);
    private static final String AGENT_WALLET_KEY = Numeric.toHexString(Hash.sha3("agentWallet".getBytes(StandardCharsets.UTF_8)));

    private final ChainReader chain;
    private final DiscoveryConfig config;
    private final AgentUriResolver resolver;
    private final AgentIndex index;
    private final Optional<IndexStore> store;
    private final Set<String> trusted;
    private final Deque<BlockRef> recent = new ArrayDeque<>();
    private final Map<BigInteger, String> rejections = new HashMap<>();
    private long lastBlock;
    /** The last block the stored snapshot holds, and whether the index changed since it was saved. */
    private long savedBlock;
    private boolean unsaved;
    /** The block an agent's owner and wallet are read at during one poll: its target, a recent block a node keeps. */
    private long stateBlock;
    private int reorgs;

    private RegistryIndexer(Builder b) {
        this.chain = new ChainReader(Objects.requireNonNull(b.web3j, "web3j"));
        this.config = Objects.requireNonNull(b.config, "config");
        this.resolver = Objects.requireNonNull(b.resolver, "resolver");
        this.index = b.index == null ? new AgentIndex() : b.index;
        this.store = Optional.ofNullable(b.store);
        this.trusted = config.trustedReviewers().stream().map(EvmAddress::lowerCase).collect(Collectors.toUnmodifiableSet());
        long nodeChain = chain.chainId();
        if (nodeChain != config.registry().chainId()) {
            throw new DiscoveryException("the node is on chain " + nodeChain + " but the discovery config names chain "
                    + config.registry().chainId() + "; point the indexer at the right node or fix the config");
        }
        this.lastBlock = config.startBlock() - 1;
        index.clear(lastBlock);
        store.flatMap(IndexStore::load).ifPresent(snapshot -> {
            index.restore(snapshot);
            recent.addAll(snapshot.recentBlocks());
            lastBlock = snapshot.lastBlock();
        });
        this.savedBlock = lastBlock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Wires an indexer; web3j, config and resolver are required, the store is optional (in memory only without). */
    public static final class Builder {
        private Web3j web3j;
        private DiscoveryConfig config;
        private AgentUriResolver resolver;
        private AgentIndex index;
        private IndexStore store;

        private Builder() {
        }

        public Builder web3j(Web3j web3j) {
            this.web3j = web3j;
            return this;
        }

        public Builder config(DiscoveryConfig config) {
            this.config = config;
            return this;
        }

        public Builder resolver(AgentUriResolver resolver) {
            this.resolver = resolver;
            return this;
        }

        /** The index to fill (default: a new one); its contents are replaced by the store's snapshot or emptied. */
        public Builder index(AgentIndex index) {
            this.index = index;
            return this;
        }

        /** Where the index is saved after each block range and loaded from at start. */
        public Builder store(IndexStore store) {
            this.store = store;
            return this;
        }

        /** Checks the node's chain id against the config and loads the stored index, if any. */
        public RegistryIndexer build() {
            return new RegistryIndexer(this);
        }
    }

    public AgentIndex index() {
        return index;
    }

    /** The last block processed. */
    public long lastBlock() {
        return lastBlock;
    }

    /** How many reorgs this indexer has rolled back (since it was built). */
    public int reorgsHandled() {
        return reorgs;
    }

    /** Agent id → why its current registration is not indexed (since this indexer was built). */
    public Map<BigInteger, String> rejections() {
        return Map.copyOf(rejections);
    }

    /**
     * Catches up to {@code confirmations} blocks behind the head, rolling back first if the chain reorganised; returns
     * the last block processed. A node failure throws {@link dev.bursar.registry.RegistryUnavailableException} with the
     * index as it was after the last whole range.
     */
    public long poll() {
        long head = chain.head();
        followReorg(head);
        long target = head - config.confirmations();
        stateBlock = target;
        while (lastBlock < target) {
            long from = lastBlock + 1;
            long to = Math.min(target, from + config.maxBlockRange() - 1);
            if (!readRange(from, to, target)) {
                break; // the chain moved under us; the next poll rolls back and reads again
            }
            if (unsaved || lastBlock - savedBlock >= SAVE_EVERY_BLOCKS) {
                save();
            }
        }
        return lastBlock;
    }

    private boolean readRange(long from, long to, long target) {
        List<Log> logs = chain.logs(from, to, List.of(config.registry().identityRegistry(), config.reputationRegistry()),
                List.of(TOPIC_REGISTERED, TOPIC_URI_UPDATED, TOPIC_METADATA_SET, TOPIC_NEW_FEEDBACK, TOPIC_FEEDBACK_REVOKED));
        Map<Long, String> hashes = new TreeMap<>();
        for (long n = Math.max(from, target - config.reorgWindow() + 1); n <= to; n++) {
            Optional<String> hash = chain.blockHash(n);
            if (hash.isEmpty()) {
                return false;
            }
            hashes.put(n, hash.get().toLowerCase(Locale.ROOT));
        }
        for (Log log : logs) {
            String known = hashes.get(log.getBlockNumber().longValueExact());
            if (Boolean.TRUE.equals(log.isRemoved()) || (known != null && !known.equalsIgnoreCase(log.getBlockHash()))) {
                return false;
            }
        }
        logs.sort(Comparator.comparing(Log::getBlockNumber).thenComparing(Log::getLogIndex));
        try {
            for (Log log : logs) {
                apply(log);
            }
        } catch (RuntimeException e) {
            index.rollbackAfter(lastBlock); // leave the index as after the last whole range
            throw e;
        }
        unsaved |= !logs.isEmpty();
        hashes.forEach((n, h) -> recent.addLast(new BlockRef(n, h)));
        // remember only blocks a reorg could still reach (a long catch-up leaves nothing from its early ranges)
        while (!recent.isEmpty() && (recent.size() > config.reorgWindow() || recent.peekFirst().number() <= target - config.reorgWindow())) {
            recent.removeFirst();
        }
        lastBlock = to;
        index.forgetUpTo(recent.isEmpty() ? lastBlock : recent.peekFirst().number() - 1);
        return true;
    }

    private void followReorg(long head) {
        if (recent.isEmpty() || sameHash(recent.peekLast(), head)) {
            return;
        }
        Long fork = null;
        for (var it = recent.descendingIterator(); it.hasNext(); ) {
            BlockRef ref = it.next();
            if (sameHash(ref, head)) {
                fork = ref.number();
                break;
            }
        }
        reorgs++;
        if (fork != null && index.rollbackAfter(fork)) {
            while (!recent.isEmpty() && recent.peekLast().number() > fork) {
                recent.removeLast();
            }
            lastBlock = fork;
        } else {
            // the fork is older than what we remember (or we restarted since): index again from the start
            recent.clear();
            rejections.clear();
            lastBlock = config.startBlock() - 1;
            index.clear(lastBlock);
        }
        save();
    }

    private void save() {
        store.ifPresent(s -> s.save(index.snapshot(lastBlock, List.copyOf(recent))));
        savedBlock = lastBlock;
        unsaved = false;
    }

    private boolean sameHash(BlockRef ref, long head) {
        return ref.number() <= head && chain.blockHash(ref.number()).map(h -> h.equalsIgnoreCase(ref.hash())).orElse(false);
    }

    private void apply(Log log) {
        long block = log.getBlockNumber().longValueExact();
        List<String> topics = log.getTopics();
        String topic = topics.get(0).toLowerCase(Locale.ROOT);
        BigInteger agentId = Numeric.toBigInt(topics.get(1));
        boolean fromIdentity = log.getAddress().equalsIgnoreCase(config.registry().identityRegistry().lowerCase());
        if (fromIdentity && (topic.equals(TOPIC_REGISTERED) || topic.equals(TOPIC_URI_UPDATED))) {
            String uri = (String) decode(log, REGISTERED).get(0).getValue();
            indexAgent(block, agentId, uri);
        } else if (fromIdentity && topic.equals(TOPIC_METADATA_SET)) {
            if (topics.size() > 2 && topics.get(2).equalsIgnoreCase(AGENT_WALLET_KEY)) {
                index.get(agentId).ifPresent(a -> index.put(block, new IndexedAgent(a.agentId(), a.owner(), a.agentUri(),
                        chain.agentWallet(config.registry().identityRegistry(), agentId, block), a.file(), a.registrationJson(), block)));
            }
        } else if (!fromIdentity && topic.equals(TOPIC_NEW_FEEDBACK)) {
            EvmAddress client = EvmAddress.of("0x" + topics.get(2).substring(26));
            if (trusted.contains(client.lowerCase())) {
                @SuppressWarnings("rawtypes")
                List<Type> values = decode(log, NEW_FEEDBACK);
                long feedbackIndex = ((BigInteger) values.get(0).getValue()).longValueExact();
                FeedbackValue value = new FeedbackValue((BigInteger) values.get(1).getValue(),
                        ((BigInteger) values.get(2).getValue()).intValueExact());
                index.putFeedback(block, new TrustedFeedback(agentId, client, feedbackIndex, value, false));
            }
        } else if (!fromIdentity && topic.equals(TOPIC_FEEDBACK_REVOKED)) {
            EvmAddress client = EvmAddress.of("0x" + topics.get(2).substring(26));
            long feedbackIndex = Numeric.toBigInt(topics.get(3)).longValueExact();
            index.feedback(agentId, client.lowerCase() + "#" + feedbackIndex)
                    .ifPresent(f -> index.putFeedback(block, f.revoke()));
        }
    }

    private void indexAgent(long block, BigInteger agentId, String uri) {
        try {
            byte[] bytes = resolver.resolve(uri);
            RegistrationFile file = RegistrationFile.parse(bytes);
            if (!file.names(agentId, config.registry())) {
                throw new UntrustedRegistrationException("the registration file of agent " + agentId + " does not name it: its"
                        + " registrations " + file.registrations() + " lack agentId " + agentId + " in " + config.registry()
                        + "; the owner must list this agent there");
            }
            EvmAddress registry = config.registry().identityRegistry();
            // owner and wallet as of the poll's target: reading each event's own block makes the node rebuild old state
            // (catching up on 2,000 events took 100 s that way); a later change emits an event this indexer follows
            long at = Math.max(block, stateBlock);
            index.put(block, new IndexedAgent(agentId, chain.ownerOf(registry, agentId, at), uri,
                    chain.agentWallet(registry, agentId, at), file, new String(bytes, StandardCharsets.UTF_8), block));
            rejections.remove(agentId);
        } catch (AgentUriException | RegistrationFileException | UntrustedRegistrationException e) {
            index.remove(block, agentId);
            rejections.put(agentId, e.getMessage());
        }
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> decode(Log log, Event event) {
        return FunctionReturnDecoder.decode(log.getData(), event.getNonIndexedParameters());
    }
}
