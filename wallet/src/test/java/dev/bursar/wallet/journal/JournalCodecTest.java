package dev.bursar.wallet.journal;

import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JournalCodecTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final String TX_HASH = "0x" + "3c".repeat(32);
    private static final String RAW = "0x02f873827a6980843b9aca00847735940082520894" + "70997970c51812dc3a010c7d01b50e0d17dc79c8"
            + "880429d069189e000080c001a0" + "11".repeat(32) + "a0" + "22".repeat(32);
    private static final String PAYMENT_HASH = "ab".repeat(32);

    /** A prepared EVM payment as the map-based codec wrote it: string values, keys sorted. */
    private static final String OLD_EVM_LINE = "{\"entry\":\"e1\",\"at\":\"2026-01-02T03:04:05Z\",\"type\":\"prepared\",\"rail\":\"evm\","
            + "\"reference\":\"" + TX_HASH + "\",\"data\":{\"asset\":\"eip155:31337/native\",\"chainId\":\"31337\","
            + "\"from\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\",\"gasLimit\":\"25200\",\"idempotencyKey\":\"key-1\","
            + "\"maxFeePerGas\":\"2000000000\",\"maxPriorityFeePerGas\":\"1000000000\",\"nonce\":\"7\","
            + "\"rawTransaction\":\"" + RAW + "\",\"replaces\":\"0x" + "9f".repeat(32) + "\","
            + "\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"value\":\"300000000000000000\"}}";

    /** A prepared Lightning payment as the map-based codec wrote it. */
    private static final String OLD_LIGHTNING_LINE = "{\"entry\":\"e2\",\"at\":\"2026-01-02T03:04:05Z\",\"type\":\"prepared\","
            + "\"rail\":\"lightning\",\"reference\":\"" + PAYMENT_HASH + "\",\"data\":{\"feeLimitMsat\":\"250000\","
            + "\"invoice\":\"lnbcrt250u1pexample\",\"timeoutSeconds\":\"60\"}}";

    private final JournalCodec codec = new JournalCodec();

    private static PreparedPayment.Evm evm(Optional<String> replaces) {
        return new PreparedPayment.Evm(TX_HASH, RAW, 7, EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 31337,
                EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), new BigInteger("300000000000000000"),
                BigInteger.valueOf(25_200), BigInteger.valueOf(2_000_000_000L), BigInteger.valueOf(1_000_000_000L),
                "eip155:31337/native", "key-1", replaces);
    }

    @Test
    void anEvmPaymentJournaledInTheMapFormReadsBackTyped() {
        JournalEvent event = codec.decode(OLD_EVM_LINE);

        assertThat(event).isEqualTo(new JournalEvent.Prepared("e1", T, evm(Optional.of("0x" + "9f".repeat(32)))));
        PreparedPayment.Evm p = (PreparedPayment.Evm) ((JournalEvent.Prepared) event).payment();
        assertThat(p.rail()).isEqualTo("evm");
        assertThat(p.reference()).isEqualTo(TX_HASH);
        assertThat(p.nonce()).isEqualTo(7L);
        assertThat(p.from()).isEqualTo(EvmAddress.of("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"));
        assertThat(p.gasLimit()).isEqualTo(BigInteger.valueOf(25_200));
        assertThat(p.maxFeePerGas()).isEqualTo(BigInteger.valueOf(2_000_000_000L));
        assertThat(codec.encode(event)).as("written again in the very same shape").isEqualTo(OLD_EVM_LINE);
    }

    @Test
    void aLightningPaymentJournaledInTheMapFormReadsBackTyped() {
        JournalEvent event = codec.decode(OLD_LIGHTNING_LINE);

        assertThat(event).isEqualTo(new JournalEvent.Prepared("e2", T,
                new PreparedPayment.Lightning(PAYMENT_HASH, "lnbcrt250u1pexample", 250_000, 60)));
        assertThat(((JournalEvent.Prepared) event).payment().rail()).isEqualTo("lightning");
        assertThat(codec.encode(event)).as("written again in the very same shape").isEqualTo(OLD_LIGHTNING_LINE);
    }

    @Test
    void everyRailRoundTripsExactly() {
        for (PreparedPayment payment : new PreparedPayment[] {evm(Optional.empty()), evm(Optional.of("0x" + "9f".repeat(32))),
                new PreparedPayment.Lightning(PAYMENT_HASH, "lnbcrt1p" + "q".repeat(300), Long.MAX_VALUE, 3600),
                new PreparedPayment.Authorization("0x" + "5e".repeat(32), 31337, EvmAddress.of("0x5FbDB2315678afecb367f032d93F642f64180aa3"),
                        "Dev USD Coin", "2", EvmAddress.of("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"),
                        EvmAddress.of("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"), BigInteger.valueOf(10_000), 0, 1_767_323_045,
                        "0x" + "ab".repeat(64) + "1b", "eip155:31337/erc20:0x5fbdb2315678afecb367f032d93f642f64180aa3", "x402-1")}) {
            JournalEvent.Prepared event = new JournalEvent.Prepared("e9", T, payment);

            String line = codec.encode(event);

            assertThat(codec.decode(line)).as(line).isEqualTo(event);
            assertThat(line).contains("\"type\":\"prepared\"", "\"rail\":\"" + payment.rail() + "\"",
                    "\"reference\":\"" + payment.reference() + "\"", "\"data\":{");
        }
        assertThat(codec.encode(new JournalEvent.Prepared("e9", T, evm(Optional.empty())))).doesNotContain("replaces");
    }

    @Test
    void aMissingOrMalformedFieldIsNamed() {
        assertRefused(OLD_EVM_LINE.replace("\"nonce\":\"7\",", ""), "data.nonce is missing");
        assertRefused(OLD_EVM_LINE.replace("\"nonce\":\"7\"", "\"nonce\":\"seven\""), "data.nonce");
        assertRefused(OLD_EVM_LINE.replace("\"nonce\":\"7\"", "\"nonce\":\"-1\""), "data.nonce");
        assertRefused(OLD_EVM_LINE.replace("\"gasLimit\":\"25200\"", "\"gasLimit\":\"25.2\""), "data.gasLimit");
        assertRefused(OLD_EVM_LINE.replace("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "0xf39Fd6"), "data.from");
        assertRefused(OLD_EVM_LINE.replace("\"rawTransaction\":\"" + RAW + "\",", ""), "data.rawTransaction is missing");
        assertRefused(OLD_EVM_LINE.replace("\"idempotencyKey\":\"key-1\",", ""), "data.idempotencyKey is missing");
        assertRefused(OLD_EVM_LINE.replace("\"rawTransaction\":\"" + RAW + "\"", "\"rawTransaction\":\"02f8\""), "rawTransaction");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"invoice\":\"lnbcrt250u1pexample\",", ""), "data.invoice is missing");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"250000\"", "\"lots\""), "data.feeLimitMsat");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"timeoutSeconds\":\"60\"", "\"timeoutSeconds\":\"0\""), "timeoutSeconds");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"rail\":\"lightning\"", "\"rail\":\"carrier-pigeon\""), "rail 'carrier-pigeon'");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"rail\":\"lightning\",", ""), "rail is missing");
        assertRefused(OLD_LIGHTNING_LINE.replace("\"reference\":\"" + PAYMENT_HASH + "\",", ""), "reference is missing");
        assertRefused(OLD_LIGHTNING_LINE.substring(0, OLD_LIGHTNING_LINE.indexOf(",\"data\"")) + "}", "data is missing");
    }

    private void assertRefused(String line, String message) {
        assertThatThrownBy(() -> codec.decode(line)).as(line).isInstanceOf(JournalException.class).hasMessageContaining(message);
    }
}
