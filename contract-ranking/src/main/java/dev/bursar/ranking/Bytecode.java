package dev.bursar.ranking;

import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Runtime bytecode, read the way the EVM reads it: an opcode walk that skips PUSH1-PUSH32 operands and leaves out the
 * CBOR metadata tail solc appends, so a constant holding 0xff or 0xf4 bytes is not taken for SELFDESTRUCT or
 * DELEGATECALL. Also recognises EIP-1167 clones and EIP-7702 delegation designators.
 */
public final class Bytecode {

    public static final int STOP = 0x00, EQ = 0x14, LT = 0x10, GT = 0x11, PUSH1 = 0x60, PUSH4 = 0x63, PUSH32 = 0x7f,
            DELEGATECALL = 0xf4, SELFDESTRUCT = 0xff, CALL = 0xf1, STATICCALL = 0xfa;

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CLONE_PREFIX = HEX.parseHex("363d3d373d3d3d363d73");
    private static final byte[] CLONE_SUFFIX = HEX.parseHex("5af43d82803e903d91602b57fd5bf3");

    private final byte[] code;
    private final int codeEnd;
    private final Set<String> selectors = new LinkedHashSet<>();
    private final boolean[] present = new boolean[256];

    private Bytecode(byte[] code) {
        this.code = code;
        this.codeEnd = code.length - metadataLength(code);
        walk();
    }

    public static Bytecode of(byte[] code) {
        return new Bytecode(code.clone());
    }

    public static Bytecode ofHex(String hex) {
        String h = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
        return new Bytecode(HEX.parseHex(h));
    }

    /**
     * Length of solc's CBOR metadata tail (including its 2-byte length), or 0 when the code does not end in one. The
     * last two bytes give the CBOR length; the CBOR must start with a map header (0xa0-0xbf).
     */
    static int metadataLength(byte[] code) {
        if (code.length < 4) {
            return 0;
        }
        int len = ((code[code.length - 2] & 0xff) << 8) | (code[code.length - 1] & 0xff);
        int start = code.length - 2 - len;
        if (len == 0 || start < 0) {
            return 0;
        }
        int head = code[start] & 0xff;
        return head >= 0xa0 && head <= 0xbf ? len + 2 : 0;
    }

    private void walk() {
        int pc = 0;
        int lastPushLen = 0;
        long lastPushValue = -1;
        while (pc < codeEnd) {
            int op = code[pc] & 0xff;
            present[op] = true;
            if (op >= PUSH1 && op <= PUSH32) {
                int n = op - PUSH1 + 1;
                int end = Math.min(pc + 1 + n, codeEnd);
                if (n <= 4 && end == pc + 1 + n) {
                    long v = 0;
                    for (int i = pc + 1; i < end; i++) {
                        v = (v << 8) | (code[i] & 0xff);
                    }
                    lastPushLen = n;
                    lastPushValue = v;
                } else {
                    lastPushLen = 0;
                }
                pc = end;
                // a dispatcher compares the selector right after pushing it: PUSH4 always counts, PUSH1-3 only then
                if (lastPushLen == 4) {
                    selectors.add(String.format("0x%08x", lastPushValue));
                }
                continue;
            }
            if (lastPushLen > 0 && lastPushLen < 4 && (op == EQ || op == GT || op == LT) && lastPushValue > 0xff) {
                selectors.add(String.format("0x%08x", lastPushValue));
            }
            lastPushLen = 0;
            pc++;
        }
    }

    /** True when {@code opcode} occurs as an instruction (not inside PUSH data, not in the metadata). */
    public boolean hasOpcode(int opcode) {
        return present[opcode & 0xff];
    }

    /** Selectors the dispatcher compares against, as 0x + 8 hex digits (PUSH1-3 values left-padded). */
    public Set<String> selectors() {
        return Set.copyOf(selectors);
    }

    public boolean hasSelector(String selector) {
        return selectors.contains(selector);
    }

    public int size() {
        return code.length;
    }

    /** Bytes of code before the metadata tail. */
    public int codeSectionSize() {
        return codeEnd;
    }

    public boolean isEmpty() {
        return code.length == 0;
    }

    /** The implementation of an EIP-1167 minimal proxy, if this is one. */
    public Optional<String> cloneTarget() {
        if (code.length != 45) {
            return Optional.empty();
        }
        for (int i = 0; i < CLONE_PREFIX.length; i++) {
            if (code[i] != CLONE_PREFIX[i]) {
                return Optional.empty();
            }
        }
        for (int i = 0; i < CLONE_SUFFIX.length; i++) {
            if (code[30 + i] != CLONE_SUFFIX[i]) {
                return Optional.empty();
            }
        }
        return Optional.of("0x" + HEX.formatHex(code, 10, 30));
    }

    /** The delegate of an EIP-7702 account ({@code 0xef0100 || address}), if this is one. */
    public Optional<String> eip7702Delegate() {
        if (code.length == 23 && (code[0] & 0xff) == 0xef && code[1] == 0x01 && code[2] == 0x00) {
            return Optional.of("0x" + HEX.formatHex(code, 3, 23));
        }
        return Optional.empty();
    }

    /** A naive byte scan, for comparison only: true when the raw byte occurs anywhere. */
    public boolean containsByte(int value) {
        for (byte b : code) {
            if ((b & 0xff) == value) {
                return true;
            }
        }
        return false;
    }
}
