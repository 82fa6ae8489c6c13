package dev.bursar.wallet.policy;

/**
 * A {@link TransactionGuard}'s answer: ALLOW, WARN (a person must approve) or BLOCK, with a summary that goes into
 * the journal and to the user.
 */
public record GuardVerdict(Verdict verdict, String summary) {

    /** The guard's verdict. */
    public enum Verdict { ALLOW, WARN, BLOCK }

    public GuardVerdict {
        if (verdict == null) {
            throw new IllegalArgumentException("a guard verdict is required");
        }
        summary = summary == null ? "" : summary;
    }

    public static GuardVerdict allow(String summary) {
        return new GuardVerdict(Verdict.ALLOW, summary);
    }

    public static GuardVerdict warn(String summary) {
        return new GuardVerdict(Verdict.WARN, summary);
    }

    public static GuardVerdict block(String summary) {
        return new GuardVerdict(Verdict.BLOCK, summary);
    }
}
