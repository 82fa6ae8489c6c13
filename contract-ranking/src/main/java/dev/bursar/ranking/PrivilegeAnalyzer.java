package dev.bursar.ranking;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Owner privileges found in the dispatcher (mint, pause, blacklist, whitelist, fee and limit setters, balance setters,
 * trading switches, owner-set external routers, take-back locks), each probed by eth_call: from an unrelated address
 * (success means anyone can use it), and when owner() is zero from the zero address (success means the privilege is
 * truly renounced; a revert means someone else still holds it: a hidden owner).
 */
final class PrivilegeAnalyzer {

    /** A privileged function: its signature, and what its existence means. */
    record Privilege(String signature, List<FindingCode> codes, boolean probe) {
        String selector() {
            return Abi.selector(signature);
        }
    }

    static final List<Privilege> PRIVILEGES = List.of(
            p("mint(address,uint256)", FindingCode.OWNER_MINT),
            p("mint(uint256)", FindingCode.OWNER_MINT),
            p("pause()", FindingCode.TRANSFER_PAUSABLE),
            p("blacklist(address)", FindingCode.BLACKLIST),
            p("addToBlacklist(address)", FindingCode.BLACKLIST),
            p("setBlacklist(address,bool)", FindingCode.BLACKLIST),
            p("setBots(address[])", FindingCode.BLACKLIST),
            p("freeze(address)", FindingCode.BLACKLIST),
            p("setWhitelist(address,bool)", FindingCode.WHITELIST_ONLY),
            p("addToWhitelist(address)", FindingCode.WHITELIST_ONLY),
            p("setFee(uint256)", FindingCode.TAX_MODIFIABLE),
            p("setTaxFee(uint256)", FindingCode.TAX_MODIFIABLE),
            p("setFees(uint256,uint256)", FindingCode.TAX_MODIFIABLE),
            p("setSellFee(uint256)", FindingCode.TAX_MODIFIABLE),
            p("setBuyFee(uint256)", FindingCode.TAX_MODIFIABLE),
            p("setAddressFee(address,uint256)", FindingCode.PERSONAL_TAX_MODIFIABLE),
            p("setPersonalFee(address,uint256)", FindingCode.PERSONAL_TAX_MODIFIABLE),
            p("setBalance(address,uint256)", FindingCode.OWNER_SETS_BALANCES),
            p("enableTrading()", FindingCode.TRADING_SWITCH),
            p("openTrading()", FindingCode.TRADING_SWITCH),
            p("setMaxTxAmount(uint256)", FindingCode.ANTI_WHALE_MODIFIABLE),
            new Privilege("setFeeRouter(address)", List.of(FindingCode.EXTERNAL_CALL, FindingCode.TAX_MODIFIABLE), true),
            p("setRouter(address)", FindingCode.EXTERNAL_CALL),
            new Privilege("unlock()", List.of(FindingCode.TAKE_BACK_OWNERSHIP), false));

    static final String OWNER = "0x8da5cb5b";
    static final String PAUSED = "0x5c975abb";
    static final String OWNERSHIP_TRANSFERRED = "0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ScanContext ctx;

    PrivilegeAnalyzer(ScanContext ctx) {
        this.ctx = ctx;
    }

    private static Privilege p(String signature, FindingCode code) {
        return new Privilege(signature, List.of(code), true);
    }

    void analyze(Set<String> selectors) {
        List<Privilege> found = PRIVILEGES.stream().filter(p -> selectors.contains(p.selector())).toList();
        if (found.isEmpty()) {
            return;
        }
        Optional<String> owner = selectors.contains(OWNER) ? readOwner() : Optional.empty();
        boolean ownerRenounced = owner.isPresent() && Abi.isZeroAddress(owner.get());
        String stranger = randomAddress();
        boolean hiddenOwnerReported = false;
        java.util.EnumSet<FindingCode> raised = java.util.EnumSet.noneOf(FindingCode.class);
        for (Privilege p : found) {
            String data = p.selector() + encodeArgs(p.signature(), stranger);
            if (p.probe()) {
                NodeClient.CallResult open = ctx.callFrom(stranger, ctx.address, data);
                if (open.success()) {
                    ctx.add(FindingCode.UNPROTECTED_PRIVILEGE, p.signature() + " succeeds when called by an unrelated address "
                            + stranger + ": anyone can use it", "probe");
                    continue;
                }
                if (ownerRenounced) {
                    NodeClient.CallResult fromZero = ctx.callFrom(Abi.ZERO_ADDRESS, ctx.address, data);
                    if (fromZero.success()) {
                        ctx.add(FindingCode.PRIVILEGE_RENOUNCED, p.signature() + " exists but only owner() may call it, and owner() is zero",
                                "probe");
                        continue;
                    }
                    if (!hiddenOwnerReported) {
                        ctx.add(FindingCode.HIDDEN_OWNER, "owner() is zero, yet " + p.signature()
                                + " still refuses the zero address and strangers: another account holds the privilege", "probe");
                        hiddenOwnerReported = true;
                    }
                }
            }
            for (FindingCode code : p.codes()) {
                String who = owner.map(o -> Abi.isZeroAddress(o) ? "a hidden holder" : "owner " + o).orElse("a privileged account");
                String evidence = p.signature() + " (" + p.selector() + ") in the dispatcher, reverts for strangers: held by " + who;
                if (code == FindingCode.TAKE_BACK_OWNERSHIP) {
                    evidence = takeBackEvidence(owner);
                }
                if (raised.add(code)) {
                    ctx.add(code, evidence, p.probe() ? "probe" : "bytecode");
                }
            }
        }
        if (selectors.contains(PAUSED) && raised.contains(FindingCode.TRANSFER_PAUSABLE)) {
            NodeClient.CallResult paused = ctx.call(ctx.address, PAUSED);
            if (paused.success() && Abi.uintFromWord(paused.data()).map(v -> v.signum() != 0).orElse(false)) {
                ctx.add(FindingCode.TRANSFERS_PAUSED_NOW, "paused() is true: transfers are stopped right now", "probe");
            }
        }
    }

    private Optional<String> readOwner() {
        NodeClient.CallResult r = ctx.call(ctx.address, OWNER);
        return r.success() ? Abi.addressFromWord(r.data()) : Optional.empty();
    }

    /** unlock(): find the last owner that renounced (OwnershipTransferred logs) and check it can take ownership back. */
    private String takeBackEvidence(Optional<String> owner) {
        String base = "unlock() in the dispatcher: ownership can be taken back after a renounce";
        if (owner.isEmpty() || !Abi.isZeroAddress(owner.get())) {
            return base + " (owner() is " + owner.orElse("unknown") + ")";
        }
        var logs = ctx.node.call("eth_getLogs", java.util.Map.of("address", ctx.address, "fromBlock", "0x0", "toBlock", ctx.block,
                "topics", List.of(OWNERSHIP_TRANSFERRED)));
        for (int i = logs.size() - 1; i >= 0; i--) {
            var topics = logs.get(i).path("topics");
            if (topics.size() == 3 && Abi.isZeroAddress(Abi.addressFromWord(topics.get(2).asText()).orElse("")) ) {
                String previous = Abi.addressFromWord(topics.get(1).asText()).orElse(Abi.ZERO_ADDRESS);
                NodeClient.CallResult r = ctx.callFrom(previous, ctx.address, Abi.selector("unlock()"));
                return r.success()
                        ? "owner() is zero, but unlock() succeeds for the previous owner " + previous + ": the renounce is fake"
                        : base + "; unlock() by the previous owner " + previous + " reverts right now (a time lock may still apply)";
            }
        }
        return base;
    }

    static String randomAddress() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return "0x" + HexFormat.of().formatHex(b);
    }

    /** Plausible arguments for a probe: addresses are {@code who}, numbers 1, bools true, arrays empty. */
    static String encodeArgs(String signature, String who) {
        String inner = signature.substring(signature.indexOf('(') + 1, signature.length() - 1);
        if (inner.isEmpty()) {
            return "";
        }
        String[] types = inner.split(",");
        StringBuilder head = new StringBuilder();
        StringBuilder tail = new StringBuilder();
        for (String t : types) {
            switch (t) {
                case "address" -> head.append(Abi.word(who));
                case "bool", "uint256" -> head.append(Abi.word(BigInteger.ONE));
                case "address[]" -> {
                    head.append(Abi.word(BigInteger.valueOf(32L * types.length + tail.length() / 2)));
                    tail.append(Abi.word(BigInteger.ZERO));
                }
                default -> throw new IllegalArgumentException("no probe argument for type " + t);
            }
        }
        return head.append(tail).toString();
    }
}
