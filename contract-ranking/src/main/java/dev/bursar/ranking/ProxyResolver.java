package dev.bursar.ranking;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the code that really runs behind an address (EIP-1967 implementation and beacon slots, EIP-1822, EIP-1167
 * clones, EIP-2535 diamond facets, EIP-7702 delegates) and who can change it: an EOA, a Safe (getThreshold), a
 * TimelockController (getMinDelay) or another contract. Loops (a proxy pointing to itself or to a proxy pointing back)
 * are reported, not followed.
 */
final class ProxyResolver {

    static final String IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
    static final String ADMIN_SLOT = "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";
    static final String BEACON_SLOT = "0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50";
    static final String EIP1822_SLOT = "0xc5f16f0fcc639fa48a6947836d9850f504798523bf8c9a3a87d5876cf622bcf7";
    static final String IMPLEMENTATION = "0x5c60da1b";
    static final String OWNER = "0x8da5cb5b";
    static final String GET_THRESHOLD = "0xe75235b8";
    static final String GET_MIN_DELAY = "0xf27a0c92";
    static final String FACET_ADDRESSES = "0x52ef6b2c";
    static final String UPGRADE_TO_AND_CALL = "0x4f1ef286";
    static final String UPGRADE_TO = "0x3659cfe6";
    static final int MAX_DEPTH = 4;

    /** What runs behind an address: the code to analyse (with its address) and whether it is a proxy. */
    record Resolution(boolean proxy, List<String> implementations, List<Bytecode> codes) {
    }

    private final ScanContext ctx;

    ProxyResolver(ScanContext ctx) {
        this.ctx = ctx;
    }

    Resolution resolve(String address, Bytecode code) {
        List<String> impls = new ArrayList<>();
        List<Bytecode> codes = new ArrayList<>();
        boolean proxy = follow(address, code, new LinkedHashSet<>(List.of(address)), impls, codes, 0);
        return new Resolution(proxy, impls, codes);
    }

    private boolean follow(String address, Bytecode code, Set<String> seen, List<String> impls, List<Bytecode> codes, int depth) {
        Optional<String> delegate = code.eip7702Delegate();
        if (delegate.isPresent()) {
            ctx.add(FindingCode.EIP7702_DELEGATE, address + " is an externally owned account delegating to " + delegate.get()
                    + " (EIP-7702): its key holder can change or drop the code at any time", "proxy");
            target(delegate.get(), seen, impls, codes, depth, "EIP-7702 delegate");
            return true;
        }
        Optional<String> clone = code.cloneTarget();
        if (clone.isPresent()) {
            ctx.add(FindingCode.PROXY, "EIP-1167 clone of " + clone.get() + ": the implementation is fixed, not upgradeable", "proxy");
            target(clone.get(), seen, impls, codes, depth, "EIP-1167 implementation");
            return true;
        }
        if (code.hasSelector(FACET_ADDRESSES)) {
            NodeClient.CallResult r = ctx.call(address, FACET_ADDRESSES);
            if (r.success()) {
                List<String> facets = Abi.addressArray(r.data());
                ctx.add(FindingCode.DIAMOND, "EIP-2535 diamond with " + facets.size() + " facet(s) " + facets
                        + "; its facets can be cut in and out", "proxy");
                for (String facet : facets) {
                    target(facet, seen, impls, codes, depth, "diamond facet");
                }
                controller(address, "diamond cut", true);
                return true;
            }
        }
        Optional<String> beacon = slotAddress(address, BEACON_SLOT);
        if (beacon.isPresent()) {
            NodeClient.CallResult r = ctx.call(beacon.get(), IMPLEMENTATION);
            Optional<String> impl = r.success() ? Abi.addressFromWord(r.data()) : Optional.empty();
            if (impl.isEmpty()) {
                ctx.add(FindingCode.UNKNOWN_CHECK, "beacon " + beacon.get() + " did not answer implementation()", "proxy");
                return true;
            }
            ctx.add(FindingCode.PROXY, "beacon proxy: beacon " + beacon.get() + " -> implementation " + impl.get(), "proxy");
            target(impl.get(), seen, impls, codes, depth, "beacon implementation");
            controller(beacon.get(), "beacon upgrade", true);
            return true;
        }
        Optional<String> impl = slotAddress(address, IMPLEMENTATION_SLOT).or(() -> slotAddress(address, EIP1822_SLOT));
        if (impl.isPresent()) {
            Optional<String> admin = slotAddress(address, ADMIN_SLOT);
            ctx.add(FindingCode.PROXY, "EIP-1967 proxy -> implementation " + impl.get()
                    + admin.map(a -> ", admin " + a).orElse(""), "proxy");
            List<Bytecode> before = new ArrayList<>(codes);
            target(impl.get(), seen, impls, codes, depth, "implementation");
            if (admin.isPresent()) {
                classify(admin.get(), "proxy admin", 0);
            } else {
                boolean uups = codes.size() > before.size()
                        && (codes.getLast().hasSelector(UPGRADE_TO_AND_CALL) || codes.getLast().hasSelector(UPGRADE_TO));
                if (uups) {
                    controller(address, "UUPS upgrade (upgradeToAndCall)", true);
                } else {
                    ctx.add(FindingCode.UNKNOWN_CHECK, "EIP-1967 proxy without an admin slot and without a UUPS upgrade function: "
                            + "who can upgrade is unknown", "proxy");
                }
            }
            return true;
        }
        return false;
    }

    private void target(String impl, Set<String> seen, List<String> impls, List<Bytecode> codes, int depth, String role) {
        String a = impl.toLowerCase(java.util.Locale.ROOT);
        if (!seen.add(a) || depth >= MAX_DEPTH) {
            ctx.add(FindingCode.PROXY_LOOP, "the " + role + " " + a + " loops back (" + String.join(" -> ", seen) + " -> " + a
                    + "); the code that runs cannot be determined", "proxy");
            return;
        }
        String hex = ctx.code(a);
        Bytecode code = Bytecode.ofHex(hex);
        if (code.isEmpty()) {
            ctx.add(FindingCode.NO_CODE_AT_TARGET, "the " + role + " " + a + " has no code: calls through the proxy do nothing or revert", "proxy");
            return;
        }
        impls.add(a);
        codes.add(code);
        // an implementation that is itself a proxy (slots set in its own storage, a clone) is followed, up to MAX_DEPTH
        follow(a, code, seen, impls, codes, depth + 1);
    }

    private Optional<String> slotAddress(String address, String slot) {
        String value = ctx.node.getStorageAt(address, slot, ctx.block);
        Optional<String> a = Abi.addressFromWord(value);
        return a.filter(x -> !Abi.isZeroAddress(x));
    }

    /** Reads owner() of {@code contract} (the upgrade authority of a UUPS proxy, a beacon or a diamond) and classifies it. */
    private void controller(String contract, String power, boolean viaOwner) {
        NodeClient.CallResult r = ctx.call(contract, OWNER);
        Optional<String> owner = r.success() ? Abi.addressFromWord(r.data()) : Optional.empty();
        if (owner.isEmpty()) {
            ctx.add(FindingCode.UNKNOWN_CHECK, power + " authority of " + contract + " is unknown (no owner())", "proxy");
            return;
        }
        if (Abi.isZeroAddress(owner.get())) {
            ctx.add(FindingCode.PROXY, power + ": owner() of " + contract + " is zero, upgrades are renounced", "proxy");
            return;
        }
        classify(owner.get(), power + " by owner() of " + contract, 0);
    }

    /** EOA, Safe, TimelockController, or a contract with its own owner (a ProxyAdmin), followed once. */
    void classify(String holder, String power, int depth) {
        Bytecode code = Bytecode.ofHex(ctx.code(holder));
        if (code.isEmpty() || code.eip7702Delegate().isPresent()) {
            ctx.add(FindingCode.UPGRADEABLE_EOA_ADMIN, power + " is held by the externally owned account " + holder
                    + ": one key can replace the code", "proxy");
            return;
        }
        NodeClient.CallResult threshold = ctx.call(holder, GET_THRESHOLD);
        Optional<BigInteger> t = threshold.success() ? Abi.uintFromWord(threshold.data()) : Optional.empty();
        if (t.isPresent()) {
            if (t.get().compareTo(BigInteger.TWO) >= 0) {
                ctx.add(FindingCode.UPGRADEABLE_MULTISIG, power + " is held by a Safe " + holder + " with threshold " + t.get(), "proxy");
            } else {
                ctx.add(FindingCode.UPGRADEABLE_EOA_ADMIN, power + " is held by a 1-of-n Safe " + holder, "proxy");
            }
            return;
        }
        NodeClient.CallResult delay = ctx.call(holder, GET_MIN_DELAY);
        Optional<BigInteger> d = delay.success() ? Abi.uintFromWord(delay.data()) : Optional.empty();
        if (d.isPresent()) {
            long seconds = d.get().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
            FindingCode c = seconds >= 86_400 ? FindingCode.UPGRADEABLE_TIMELOCK : FindingCode.UPGRADEABLE_SHORT_TIMELOCK;
            ctx.add(c, power + " is held by a TimelockController " + holder + " with a minimum delay of " + seconds + " s", "proxy");
            return;
        }
        NodeClient.CallResult owner = ctx.call(holder, OWNER);
        Optional<String> o = owner.success() ? Abi.addressFromWord(owner.data()) : Optional.empty();
        if (o.isPresent() && depth < 2) {
            if (Abi.isZeroAddress(o.get())) {
                ctx.add(FindingCode.PROXY, power + ": " + holder + " has renounced its owner, upgrades are frozen", "proxy");
                return;
            }
            classify(o.get(), power + " via " + holder, depth + 1);
            return;
        }
        ctx.add(FindingCode.UPGRADEABLE_CONTRACT_ADMIN, power + " is held by the contract " + holder
                + ", which is neither a Safe nor a timelock", "proxy");
    }
}
