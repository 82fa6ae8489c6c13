package dev.bursar.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** State of one scan: the node, the pinned block, findings so far, and how many checks had a definite answer. */
final class ScanContext {

    final NodeClient node;
    final long chainId;
    final String address;
    final long blockNumber;
    final String block;
    private final List<Finding> findings = new ArrayList<>();
    private int attempted;
    private int definite;

    ScanContext(NodeClient node, long chainId, String address, long blockNumber) {
        this.node = node;
        this.chainId = chainId;
        this.address = address;
        this.blockNumber = blockNumber;
        this.block = NodeClient.hex(blockNumber);
    }

    void add(Finding f) {
        findings.add(f);
    }

    void add(FindingCode code, String evidence, String source) {
        findings.add(Finding.of(code, evidence, source));
    }

    List<Finding> findings() {
        return findings;
    }

    /**
     * Runs one check: a node failure becomes an UNKNOWN_CHECK finding naming what could not be checked, and lowers
     * confidence; it is never read as "nothing found".
     */
    <T> T check(String what, Supplier<T> body, T whenUnknown) {
        attempted++;
        try {
            T result = body.get();
            definite++;
            return result;
        } catch (RankingException e) {
            add(FindingCode.UNKNOWN_CHECK, "could not check " + what + ": " + e.getMessage(), "node");
            return whenUnknown;
        }
    }

    /** Records a check that could not be run at all (for example no pair to simulate against). */
    void unknown(String what, String why, String source) {
        attempted++;
        add(FindingCode.UNKNOWN_CHECK, what + " not checked: " + why, source);
    }

    double confidence() {
        return attempted == 0 ? 0 : (double) definite / attempted;
    }

    NodeClient.CallResult call(String to, String data) {
        return node.ethCall(null, to, data, block);
    }

    NodeClient.CallResult callFrom(String from, String to, String data) {
        return node.ethCall(from, to, data, block);
    }

    String code(String address) {
        return node.getCode(address, block);
    }
}
