package dev.bursar.ranking;

/**
 * One reason behind a score.
 *
 * @param evidence what was observed, concrete enough to re-check (selector, slot value, balance delta, error)
 * @param source   where it came from: bytecode, proxy, probe, simulation, usage:ots, sourcify, goplus, node
 * @param penalty  points this finding takes off the safety score
 */
public record Finding(FindingCode code, Severity severity, String evidence, String source, int penalty) {

    public Finding {
        if (code == null || severity == null) {
            throw new IllegalArgumentException("a finding needs a code and a severity");
        }
        evidence = evidence == null ? "" : evidence;
        source = source == null ? "" : source;
    }

    public static Finding of(FindingCode code, String evidence, String source) {
        return new Finding(code, code.severity(), evidence, source, code.penalty());
    }

    @Override
    public String toString() {
        return code + " (" + severity + ", " + source + "): " + evidence;
    }
}
