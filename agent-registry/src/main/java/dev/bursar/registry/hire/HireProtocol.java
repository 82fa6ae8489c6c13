package dev.bursar.registry.hire;

/**
 * The A2A message fields of Bursar's hiring protocol (our documented extension; A2A 0.3 has no payment fields). A
 * request's metadata carries {@value #MODE} ({@value #QUOTE} or {@value #JOB}) and {@value #SKILL}; a job adds
 * {@value #JOB_ID}, {@value #ESCROW} and {@value #CHAIN_ID}. The text part is the task; the escrowed job's spec hash is
 * keccak-256 of its UTF-8 bytes. A quote answer's data part carries {@value #QUOTE_DATA} (see {@link Quote}); a job
 * answer's text is the result, whose keccak-256 the provider submitted to the escrow, and its data part carries
 * {@value #RESULT_HASH}.
 */
public final class HireProtocol {

    public static final String MODE = "bursar.hire";
    public static final String QUOTE = "quote";
    public static final String JOB = "job";
    public static final String SKILL = "bursar.skill";
    public static final String JOB_ID = "bursar.jobId";
    public static final String ESCROW = "bursar.escrow";
    public static final String CHAIN_ID = "bursar.chainId";
    public static final String QUOTE_DATA = "bursar.quote";
    public static final String RESULT_HASH = "bursar.resultHash";

    private HireProtocol() {
    }

    /** keccak-256 of {@code text}'s UTF-8 bytes: a task's spec hash and a result's hash. */
    public static byte[] hash(String text) {
        return org.web3j.crypto.Hash.sha3(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** {@link #hash} as 0x-hex. */
    public static String hashHex(String text) {
        return org.web3j.utils.Numeric.toHexString(hash(text));
    }
}
