package dev.bursar.examples.dao;

import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CallDecoderTest {

    private static final EvmAddress TOKEN = EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3");
    private static final String BOB = "70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private final CallDecoder decoder = new CallDecoder();

    @Test
    void knownCallsReadAsWords() {
        assertThat(decoder.describe(TOKEN, BigInteger.ZERO, "0xa9059cbb" + "0".repeat(24) + BOB + "%064x".formatted(100_000_000)))
                .isEqualTo("transfer(to=0x70997970C51812dc3A010C7d01b50e0d17dc79C8, amount=100000000) on " + TOKEN.value());
        assertThat(decoder.describe(TOKEN, BigInteger.ZERO, "0x095ea7b3" + "0".repeat(24) + BOB + "f".repeat(64)))
                .startsWith("approve(spender=0x70997970C51812dc3A010C7d01b50e0d17dc79C8, amount=unlimited)");
        assertThat(decoder.describe(TOKEN, BigInteger.ZERO, "0xe540d01d" + "%064x".formatted(20))).startsWith("setVotingPeriod(blocks=20)");
    }

    @Test
    void unknownEmptyAndMalformedCallsSaySo() {
        assertThat(decoder.describe(TOKEN, BigInteger.ZERO, "0xdeadbeef00")).startsWith("unknown function 0xdeadbeef (1 bytes");
        assertThat(decoder.describe(TOKEN, BigInteger.TEN, "0x")).isEqualTo("send 10 wei to " + TOKEN.value());
        assertThat(decoder.describe(TOKEN, BigInteger.ZERO, "0xa9059cbb1234")).startsWith("transfer with malformed arguments");
        Proposal p = new Proposal(1, BigInteger.ONE, TOKEN, List.of(TOKEN, TOKEN), List.of(BigInteger.ZERO, BigInteger.ONE),
                List.of("0xdeadbeef", "0x"), "x", 1, 2);
        assertThat(decoder.describe(p)).containsExactly("call 1: unknown function 0xdeadbeef (0 bytes of arguments) on " + TOKEN.value(),
                "call 2: send 1 wei to " + TOKEN.value());
    }
}
