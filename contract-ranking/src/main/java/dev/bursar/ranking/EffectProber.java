package dev.bursar.ranking;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Finds owner privileges by what they do, whatever their names: on an anvil snapshot, the owner calls each
 * state-changing selector the dispatcher has that is neither standard ERC-20/Ownable nor a privilege already known by
 * name, with plausible arguments (a stranger, a holder, amounts); a call that raises the total supply (or a stranger's
 * balance) is a mint, one that lowers a holder's balance the holder never signed for takes holders' tokens (a hard
 * fail), one after which that holder alone cannot transfer is a blacklist, and one after which a holder's plain transfer
 * reverts is a trading switch that can stop trading (reported as a pause). The chain is left exactly as found.
 */
final class EffectProber {

    /** ERC-20, ERC-2612, Ownable and common views: calling these as the owner proves nothing. */
    static final Set<String> STANDARD = Set.of(
            "0x06fdde03", "0x95d89b41", "0x313ce567", "0x18160ddd", "0x70a08231", "0xa9059cbb", "0xdd62ed3e", "0x095ea7b3",
            "0x23b872dd", "0x8da5cb5b", "0x715018a6", "0xf2fde38b", "0x39509351", "0xa457c2d7", "0xd505accf", "0x7ecebe00",
            "0x3644e515", "0x84b0196e", "0x5c975abb", "0x01ffc9a7", "0xe30c3978", "0x79ba5097");
    static final String TOTAL_SUPPLY = "0x18160ddd";
    private static final String TRANSFER = "0xa9059cbb";
    /** At most this many selectors are probed (a dispatcher with more is rare for a token). */
    static final int MAX_SELECTORS = 32;
    private static final BigInteger LOTS = BigInteger.TEN.pow(30);

    private final ScanContext ctx;
    private final NodeClient node;
    private final AnvilSession session;

    EffectProber(ScanContext ctx, NodeClient node) {
        this.ctx = ctx;
        this.node = node;
        this.session = new AnvilSession(node);
    }

    /** The selectors worth probing: not standard and not already named by {@link PrivilegeAnalyzer}. */
    static List<String> candidates(Set<String> selectors) {
        Set<String> named = new java.util.HashSet<>();
        PrivilegeAnalyzer.PRIVILEGES.forEach(p -> named.add(p.selector()));
        return selectors.stream().filter(s -> !STANDARD.contains(s) && !named.contains(s)).limit(MAX_SELECTORS).toList();
    }

    void probe(String token, String owner, List<String> candidates) {
        session.onSnapshot(() -> run(token, owner, candidates));
    }

    private void run(String token, String owner, List<String> candidates) {
        node.call("anvil_setBalance", owner, "0x56bc75e2d63100000");
        node.call("anvil_impersonateAccount", owner);
        String holder = session.freshAccount();
        String stranger = session.freshAccount();
        String recipient = session.freshAccount();
        try {
            BigInteger ownerBalance = session.tokenBalance(token, owner);
            boolean canTestTransfers = ownerBalance.signum() > 0
                    && session.send(owner, token, TRANSFER + Abi.word(holder) + Abi.word(ownerBalance.divide(BigInteger.valueOf(100)).max(BigInteger.ONE)), BigInteger.ZERO)
                    && transfers(token, holder, recipient);
            List<String> mints = new ArrayList<>();
            List<String> switches = new ArrayList<>();
            List<String> seizures = new ArrayList<>();
            List<String> blacklists = new ArrayList<>();
            for (String selector : candidates) {
                switch (effectOf(token, owner, holder, stranger, recipient, selector, canTestTransfers)) {
                    case MINT -> mints.add(selector);
                    case SWITCH -> switches.add(selector);
                    case SEIZE -> seizures.add(selector);
                    case BLACKLIST -> blacklists.add(selector);
                    case NONE -> {
                    }
                }
            }
            if (!seizures.isEmpty()) {
                ctx.add(FindingCode.OWNER_SETS_BALANCES, "found by effect: the owner calling " + String.join(", ", seizures)
                        + " lowered a holder's balance without the holder's signature (the owner can take or destroy holders' tokens)",
                        "simulation");
            }
            if (!blacklists.isEmpty()) {
                ctx.add(FindingCode.BLACKLIST, "found by effect: after the owner called " + String.join(", ", blacklists)
                        + " naming one holder, that holder's transfers revert while others' still work (a blacklist)", "simulation");
            }
            if (!mints.isEmpty()) {
                ctx.add(FindingCode.OWNER_MINT, "found by effect: the owner calling " + String.join(", ", mints)
                        + " raised the total supply (a mint under another name)", "simulation");
            }
            if (!switches.isEmpty()) {
                // Not the one-way enableTrading() of a launch: the owner can stop holders' transfers, which is a pause.
                ctx.add(FindingCode.TRANSFER_PAUSABLE, "found by effect: after the owner called " + String.join(", ", switches)
                        + ", a holder's plain transfer reverts (an owner-only trading switch: the owner can stop trading)", "simulation");
            }
        } finally {
            session.release(owner, holder, stranger, recipient);
        }
    }

    /** What an owner call did to the token's holders. */
    private enum Effect { NONE, MINT, SWITCH, SEIZE, BLACKLIST }

    /** The effect of the owner's call with the first argument pattern that has one. */
    private Effect effectOf(String token, String owner, String holder, String stranger, String recipient, String selector,
                            boolean canTestTransfers) {
        BigInteger held = canTestTransfers ? session.tokenBalance(token, holder) : BigInteger.ZERO;
        List<String> patterns = new ArrayList<>(List.of(Abi.word(stranger) + Abi.word(LOTS), Abi.word(LOTS), Abi.word(BigInteger.ZERO), ""));
        if (held.signum() > 0) { // a function that names a holder: (holder, their balance), (holder)
            patterns.add(Abi.word(holder) + Abi.word(held));
            patterns.add(Abi.word(holder));
        }
        for (String args : patterns) {
            boolean namesHolder = args.startsWith(Abi.word(holder));
            String inner = node.call("evm_snapshot").asText();
            try {
                BigInteger supplyBefore = session.read(token, TOTAL_SUPPLY);
                BigInteger strangerBefore = session.tokenBalance(token, stranger);
                BigInteger ownerBefore = session.tokenBalance(token, owner);
                java.util.OptionalLong block = session.sendAlone(owner, token, selector + args);
                if (block.isEmpty()) {
                    continue;
                }
                // New tokens: the supply rose, or a stranger got tokens the owner did not give up.
                BigInteger gained = session.tokenBalance(token, stranger).subtract(strangerBefore);
                BigInteger given = ownerBefore.subtract(session.tokenBalance(token, owner));
                if (session.read(token, TOTAL_SUPPLY).compareTo(supplyBefore) > 0 || gained.compareTo(given.max(BigInteger.ZERO)) > 0) {
                    return Effect.MINT;
                }
                // The holder signed nothing, yet holds less after the owner's call, alone in its block: taken or destroyed.
                long b = block.getAsLong();
                if (session.tokenBalanceAt(token, holder, b).compareTo(session.tokenBalanceAt(token, holder, b - 1)) < 0) {
                    return Effect.SEIZE;
                }
                if (canTestTransfers && !transfers(token, holder, recipient)) {
                    return namesHolder && othersStillTransfer(token, owner, recipient, stranger) ? Effect.BLACKLIST : Effect.SWITCH;
                }
                // accepted without an effect we look for: another argument may still have one (configure(0) vs (1))
            } finally {
                node.call("evm_revert", inner);
            }
        }
        return Effect.NONE;
    }

    /** Whether someone other than the holder named in the call can still move tokens: the owner gives one, it passes it on. */
    private boolean othersStillTransfer(String token, String owner, String recipient, String stranger) {
        return session.send(owner, token, TRANSFER + Abi.word(recipient) + Abi.word(BigInteger.TWO), BigInteger.ZERO)
                && transfers(token, recipient, stranger);
    }

    private boolean transfers(String token, String from, String to) {
        return session.send(from, token, TRANSFER + Abi.word(to) + Abi.word(BigInteger.ONE), BigInteger.ZERO);
    }
}
