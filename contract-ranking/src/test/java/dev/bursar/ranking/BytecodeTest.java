package dev.bursar.ranking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BytecodeTest {

    // PUSH32 0xff f4 ff ... (data), POP, STOP
    private static final String PUSH32_WITH_FF_F4 = "7f" + "fff4".repeat(16) + "5000";

    @Test
    void pushDataIsNotReadAsOpcodes() {
        Bytecode code = Bytecode.ofHex(PUSH32_WITH_FF_F4);
        assertThat(code.containsByte(0xff)).isTrue();
        assertThat(code.hasOpcode(Bytecode.SELFDESTRUCT)).isFalse();
        assertThat(code.hasOpcode(Bytecode.DELEGATECALL)).isFalse();
    }

    @Test
    void realSelfdestructAndDelegatecallAreFound() {
        Bytecode code = Bytecode.ofHex("6000" + "f4" + "ff");
        assertThat(code.hasOpcode(Bytecode.DELEGATECALL)).isTrue();
        assertThat(code.hasOpcode(Bytecode.SELFDESTRUCT)).isTrue();
    }

    @Test
    void cborMetadataTailIsStripped() {
        // STOP, then a CBOR map (a2 ...) holding 0xff and 0xf4 bytes, then its 2-byte length
        String cbor = "a2" + "64697066735822" + "ff".repeat(4) + "f4".repeat(4);
        int len = cbor.length() / 2;
        Bytecode code = Bytecode.ofHex("00" + cbor + String.format("%04x", len));
        assertThat(code.codeSectionSize()).isEqualTo(1);
        assertThat(code.hasOpcode(Bytecode.SELFDESTRUCT)).isFalse();
        assertThat(code.hasOpcode(Bytecode.DELEGATECALL)).isFalse();
    }

    @Test
    void codeWithoutMetadataIsWalkedToTheEnd() {
        Bytecode code = Bytecode.ofHex("6001ff");
        assertThat(code.codeSectionSize()).isEqualTo(3);
        assertThat(code.hasOpcode(Bytecode.SELFDESTRUCT)).isTrue();
    }

    @Test
    void zeroLeadingSelectorPushedAsPush3IsLeftPadded() {
        // DUP1 PUSH3 0x339509 EQ PUSH2 0x0040 JUMPI  (getAgentWallet(uint256) = 0x00339509)
        Bytecode code = Bytecode.ofHex("80" + "62339509" + "14" + "610040" + "57");
        assertThat(code.selectors()).contains("0x00339509");
        assertThat(Abi.selector("getAgentWallet(uint256)")).isEqualTo("0x00339509");
    }

    @Test
    void push4SelectorsAreCollectedButSmallPushesForOtherUsesAreNot() {
        // DUP1 PUSH4 0x40c10f19 EQ ... ; PUSH1 0x40 MLOAD (free memory pointer, not a selector)
        Bytecode code = Bytecode.ofHex("80" + "6340c10f19" + "14" + "6040" + "51");
        assertThat(code.selectors()).containsExactly("0x40c10f19");
    }

    @Test
    void truncatedPushAtTheEndDoesNotThrow() {
        Bytecode code = Bytecode.ofHex("63aabb");
        assertThat(code.selectors()).isEmpty();
    }

    @Test
    void recognisesEip1167ClonesAndEip7702Delegates() {
        String impl = "be".repeat(20);
        Bytecode clone = Bytecode.ofHex("363d3d373d3d3d363d73" + impl + "5af43d82803e903d91602b57fd5bf3");
        assertThat(clone.cloneTarget()).contains("0x" + impl);
        Bytecode delegated = Bytecode.ofHex("ef0100" + impl);
        assertThat(delegated.eip7702Delegate()).contains("0x" + impl);
        assertThat(Bytecode.ofHex("6001ff").cloneTarget()).isEmpty();
    }

    @Test
    void noteSelectorsMatchKeccak() {
        assertThat(Abi.selector("owner()")).isEqualTo("0x8da5cb5b");
        assertThat(Abi.selector("setBalance(address,uint256)")).isEqualTo("0xe30443bc");
        assertThat(Abi.selector("facetAddresses()")).isEqualTo(ProxyResolver.FACET_ADDRESSES);
        assertThat(Abi.selector("getMinDelay()")).isEqualTo(ProxyResolver.GET_MIN_DELAY);
        assertThat(Abi.topic("OwnershipTransferred(address,address)")).isEqualTo(PrivilegeAnalyzer.OWNERSHIP_TRANSFERRED);
    }
}
