package dev.bursar.wallet.lightning;

import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pure logic of the Lightning wallet: invoice networks, msat conversions, LND status values. */
class LightningUnitsTest {

    private static final Asset.LightningBitcoin REGTEST = new Asset.LightningBitcoin(BitcoinNetwork.REGTEST);
    /** BOLT11 spec example ("Please make a donation of any amount using payment_hash 0001020304050607..."). */
    static final String MAINNET_INVOICE = "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql";

    @Test
    void networkFromPrefixTakesTheLongestMatch() {
        assertThat(BitcoinNetwork.ofInvoice("lnbcrt10u1pj...")).isEqualTo(BitcoinNetwork.REGTEST);
        assertThat(BitcoinNetwork.ofInvoice(MAINNET_INVOICE)).isEqualTo(BitcoinNetwork.MAINNET);
        assertThat(BitcoinNetwork.ofInvoice("LNBC2500U1PVJLUEZ")).isEqualTo(BitcoinNetwork.MAINNET);
        assertThat(BitcoinNetwork.ofInvoice("lntbs1...")).isEqualTo(BitcoinNetwork.SIGNET);
        assertThat(BitcoinNetwork.ofInvoice("lntb20m1...")).isEqualTo(BitcoinNetwork.TESTNET);
        assertThatThrownBy(() -> BitcoinNetwork.ofInvoice("bc1qxyz")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void msatConversionsAreExact() {
        assertThat(Msat.ofSat(REGTEST, 1500).units()).isEqualTo(BigInteger.valueOf(1_500_000));
        assertThat(Msat.toLong(Amount.of(REGTEST, "1.001"))).isEqualTo(1001);
        assertThat(Msat.toLong(Amount.parse("2500 sat", java.util.List.of(REGTEST)))).isEqualTo(2_500_000);
        assertThat(Msat.of(REGTEST, 1).toString()).isEqualTo("1 msat");
        Amount tooBig = Amount.ofUnits(REGTEST, BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
        assertThatThrownBy(() -> Msat.toLong(tooBig)).isInstanceOf(InvalidInputException.class);
        Amount ether = Amount.ofUnits(Asset.NativeCoin.ether(1), 5);
        assertThatThrownBy(() -> Msat.toLong(ether)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void onlySucceededAndFailedAreFinal() {
        assertThat(LndPaymentStatus.toStatus(2)).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(LndPaymentStatus.toStatus(3)).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(LndPaymentStatus.toStatus(1)).isEqualTo(PaymentOutcome.Status.PENDING);
        // INITIATED (lnd >= 0.18) is not in lightningj 0.17's enum; a newer unknown value must not count as final.
        assertThat(LndPaymentStatus.toStatus(4)).isEqualTo(PaymentOutcome.Status.PENDING);
        assertThat(LndPaymentStatus.toStatus(0)).isEqualTo(PaymentOutcome.Status.PENDING);
        assertThat(LndPaymentStatus.toStatus(9)).isEqualTo(PaymentOutcome.Status.PENDING);
    }

    @Test
    void failureReasonsAreNamedIncludingNewerOnes() {
        assertThat(LndPaymentStatus.failureReason(2)).startsWith("NO_ROUTE");
        assertThat(LndPaymentStatus.failureReason(5)).startsWith("INSUFFICIENT_BALANCE");
        assertThat(LndPaymentStatus.failureReason(6)).isEqualTo("CANCELED");
        assertThat(LndPaymentStatus.failureReason(42)).isEqualTo("UNKNOWN_REASON_42");
    }

    @Test
    void decodedInvoiceKnowsExpiryAndAmount() {
        Instant created = Instant.parse("2026-01-01T00:00:00Z");
        DecodedInvoice invoice = new DecodedInvoice("lnbcrt1...", BitcoinNetwork.REGTEST, Amount.zero(REGTEST), "ab".repeat(32),
                "02" + "cd".repeat(32), null, created, created.plusSeconds(60));
        assertThat(invoice.hasAmount()).isFalse();
        assertThat(invoice.isExpiredAt(created.plusSeconds(59))).isFalse();
        assertThat(invoice.isExpiredAt(created.plusSeconds(60))).isTrue();
        assertThat(invoice.description()).isEmpty();
        assertThatThrownBy(() -> new DecodedInvoice("lnbcrt1...", BitcoinNetwork.REGTEST, Amount.zero(REGTEST), "xyz",
                "", "", created, created)).isInstanceOf(InvalidInputException.class);
    }
}
