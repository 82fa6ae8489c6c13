package dev.bursar.ranking;

/**
 * Every finding the ranking can raise, with its penalty on the 0-100 safety score. A hard fail forces the verdict to
 * BLOCK and the score to at most 10, whatever else is true. Weights and why: docs/decisions.md, "contract-ranking".
 */
public enum FindingCode {
    // hard fails
    NO_CODE_AT_TARGET(Severity.CRITICAL, 100, true),
    NODE_UNAVAILABLE(Severity.CRITICAL, 100, true),
    HONEYPOT_SELL_REVERTS(Severity.CRITICAL, 100, true),
    TAX_GE_50(Severity.CRITICAL, 100, true),
    OWNER_SETS_BALANCES(Severity.CRITICAL, 100, true),
    UNPROTECTED_PRIVILEGE(Severity.CRITICAL, 100, true),
    KNOWN_MALICIOUS(Severity.CRITICAL, 100, true),
    // proxies and upgrades
    UPGRADEABLE_EOA_ADMIN(Severity.HIGH, 30, false),
    UPGRADEABLE_MULTISIG(Severity.MEDIUM, 10, false),
    UPGRADEABLE_TIMELOCK(Severity.LOW, 5, false),
    UPGRADEABLE_SHORT_TIMELOCK(Severity.MEDIUM, 20, false),
    UPGRADEABLE_CONTRACT_ADMIN(Severity.MEDIUM, 20, false),
    PROXY(Severity.INFO, 0, false),
    DIAMOND(Severity.MEDIUM, 10, false),
    PROXY_LOOP(Severity.HIGH, 40, false),
    EIP7702_DELEGATE(Severity.MEDIUM, 20, false),
    // owner privileges
    OWNER_MINT(Severity.HIGH, 30, false),
    HIDDEN_OWNER(Severity.HIGH, 40, false),
    TAKE_BACK_OWNERSHIP(Severity.HIGH, 30, false),
    PRIVILEGE_RENOUNCED(Severity.INFO, 0, false),
    TRANSFER_PAUSABLE(Severity.HIGH, 30, false),
    TRANSFERS_PAUSED_NOW(Severity.HIGH, 30, false),
    BLACKLIST(Severity.HIGH, 30, false),
    WHITELIST_ONLY(Severity.HIGH, 30, false),
    TRADING_SWITCH(Severity.MEDIUM, 15, false),
    TAX_MODIFIABLE(Severity.HIGH, 30, false),
    PERSONAL_TAX_MODIFIABLE(Severity.HIGH, 30, false),
    ANTI_WHALE_MODIFIABLE(Severity.LOW, 5, false),
    EXTERNAL_CALL(Severity.MEDIUM, 10, false),
    // bytecode
    SELFDESTRUCT_REACHABLE(Severity.HIGH, 30, false),
    DELEGATECALL_NON_PROXY(Severity.HIGH, 30, false),
    CODE_TOO_LARGE(Severity.MEDIUM, 10, false),
    // simulation
    TAX_MEASURED(Severity.MEDIUM, 0, false), // weight = min(30, tax %), set per finding
    CANNOT_BUY(Severity.HIGH, 30, false),
    MAX_TX_LIMIT(Severity.LOW, 5, false),
    TRANSFER_REVERTS(Severity.HIGH, 30, false),
    CANNOT_SELL_ALL(Severity.HIGH, 30, false),
    COOLDOWN(Severity.LOW, 15, false),
    SIMULATION_PASSED(Severity.INFO, 0, false),
    // provenance and usage
    UNVERIFIED_SOURCE(Severity.MEDIUM, 15, false),
    SOURCIFY_PARTIAL(Severity.LOW, 3, false),
    SOURCE_VERIFIED(Severity.INFO, 0, false),
    USAGE(Severity.INFO, 0, false),
    // unknown is never safe
    UNKNOWN_CHECK(Severity.LOW, 3, false);

    private final Severity severity;
    private final int penalty;
    private final boolean hardFail;

    FindingCode(Severity severity, int penalty, boolean hardFail) {
        this.severity = severity;
        this.penalty = penalty;
        this.hardFail = hardFail;
    }

    public Severity severity() {
        return severity;
    }

    /** Points taken off the safety score (TAX_MEASURED and UNKNOWN_CHECK are scaled and capped by {@link Scoring}). */
    public int penalty() {
        return penalty;
    }

    public boolean hardFail() {
        return hardFail;
    }
}
