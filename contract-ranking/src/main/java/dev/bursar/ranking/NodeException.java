package dev.bursar.ranking;

/** The EVM node failed a request: unreachable, timed out, or answered with a JSON-RPC error. */
public final class NodeException extends RankingException {

    private final String method;
    private final boolean timeout;
    private final Integer rpcCode;

    public NodeException(String method, String message, boolean timeout, Integer rpcCode, Throwable cause) {
        super(message, cause);
        this.method = method;
        this.timeout = timeout;
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC method that failed. */
    public String method() {
        return method;
    }

    /** True when the node did not answer within the configured timeout. */
    public boolean isTimeout() {
        return timeout;
    }

    /** The JSON-RPC error code when the node answered with an error (for example -32601 method not found). */
    public Integer rpcCode() {
        return rpcCode;
    }
}
