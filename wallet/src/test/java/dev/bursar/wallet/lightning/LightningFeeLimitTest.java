package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PreparedPayment;
import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.lightningj.lnd.router.proto.RouterOuterClass;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Lightning fee limit arithmetic, the SendPaymentV2 request built from it, and how send errors are classified. */
class LightningFeeLimitTest {

    @Test
    void theDefaultIsOnePercentWithATenSatFloor() {
        LightningFeeLimit limit = LightningFeeLimit.DEFAULT;
        assertThat(limit.ppm()).isEqualTo(10_000);
        assertThat(limit.floorSat()).isEqualTo(10);
        assertThat(limit.forAmountMsat(25_000_000)).isEqualTo(250_000); // 25 000 sat → 250 sat
        assertThat(limit.forAmountMsat(300_000)).isEqualTo(10_000); // 300 sat → 3 sat, below the floor of 10 sat
        assertThat(limit.forAmountMsat(1_000_000)).isEqualTo(10_000); // exactly at the floor
        assertThat(limit.forAmountMsat(1_000_100)).isEqualTo(10_001); // just above it
        assertThat(limit.forAmountMsat(0)).isEqualTo(10_000);
    }

    @Test
    void theProportionalPartIsRoundedUpToTheNextMsat() {
        LightningFeeLimit noFloor = new LightningFeeLimit(5_000, 0);
        assertThat(noFloor.forAmountMsat(2_000_000)).isEqualTo(10_000); // exact: no rounding
        assertThat(noFloor.forAmountMsat(1_000_333)).isEqualTo(5_002); // 5001.665 → 5002
        assertThat(noFloor.forAmountMsat(1)).isEqualTo(1); // 0.005 msat still rounds up to 1
        assertThat(new LightningFeeLimit(1, 0).forAmountMsat(999_999)).isEqualTo(1);
        assertThat(new LightningFeeLimit(1, 0).forAmountMsat(1_000_001)).isEqualTo(2);
    }

    @Test
    void aZeroPpmLimitIsAFlatFloor() {
        LightningFeeLimit flat = new LightningFeeLimit(0, 50);
        assertThat(flat.forAmountMsat(1)).isEqualTo(50_000);
        assertThat(flat.forAmountMsat(4_000_000_000_000L)).isEqualTo(50_000);
        assertThat(new LightningFeeLimit(0, 0).forAmountMsat(123_456)).isZero();
    }

    @Test
    void largeAmountsDoNotOverflow() {
        long max = Long.MAX_VALUE; // 9 223 372 036 854 775 807 msat
        // max × 10 000 overflows int64; the result is ceil(max / 100)
        assertThat(LightningFeeLimit.DEFAULT.forAmountMsat(max)).isEqualTo(92_233_720_368_547_759L);
        assertThat(new LightningFeeLimit(1_000_000, 0).forAmountMsat(max)).isEqualTo(max); // 100 %: the whole amount
        assertThat(new LightningFeeLimit(999_999, 0).forAmountMsat(max)).isEqualTo(9_223_362_813_482_738_953L);
        // 21 million BTC in msat
        assertThat(LightningFeeLimit.DEFAULT.forAmountMsat(2_100_000_000_000_000_000L)).isEqualTo(21_000_000_000_000_000L);
        long maxFloor = Long.MAX_VALUE / 1000;
        assertThat(new LightningFeeLimit(0, maxFloor).forAmountMsat(1)).isEqualTo(maxFloor * 1000);
    }

    @Test
    void outOfRangeSettingsAreRefused() {
        assertThatThrownBy(() -> new LightningFeeLimit(-1, 10)).isInstanceOf(InvalidInputException.class).hasMessageContaining("ppm");
        assertThatThrownBy(() -> new LightningFeeLimit(1_000_001, 10)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1000000");
        assertThatThrownBy(() -> new LightningFeeLimit(10_000, -1)).isInstanceOf(InvalidInputException.class).hasMessageContaining("floor");
        assertThatThrownBy(() -> new LightningFeeLimit(10_000, Long.MAX_VALUE)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> LightningFeeLimit.DEFAULT.forAmountMsat(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> LightningWallet.builder().feeLimit(2_000_000, 10)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theSendRequestCarriesExactlyThePreparedFeeLimit() {
        PreparedPayment.Lightning prepared = new PreparedPayment.Lightning("ab".repeat(32), "lnbcrt10u1ptest", 5002, 45);

        RouterOuterClass.SendPaymentRequest request = LightningWallet.sendRequest(prepared);

        assertThat(request.getFeeLimitMsat()).isEqualTo(5002);
        assertThat(request.getFeeLimitSat()).isZero(); // set in msat only, never rounded to sat
        assertThat(request.getPaymentRequest()).isEqualTo("lnbcrt10u1ptest");
        assertThat(request.getTimeoutSeconds()).isEqualTo(45);
        assertThat(request.getNoInflightUpdates()).isTrue();
    }

    @Test
    void aSendThatBrokeOffIsUncertainNotFailed() {
        for (Status status : new Status[] {Status.CANCELLED.withDescription("Thread interrupted"), Status.INTERNAL,
                Status.DEADLINE_EXCEEDED, Status.UNAVAILABLE.withDescription("io exception"), Status.ABORTED,
                Status.RESOURCE_EXHAUSTED, Status.DATA_LOSS}) {
            assertThat(SendPaymentErrors.classify(status)).as(status.toString()).isEqualTo(SendPaymentErrors.Kind.UNCERTAIN);
        }
    }

    @Test
    void lndsOwnAnswersAreDefinite() {
        assertThat(SendPaymentErrors.classify(Status.ALREADY_EXISTS)).isEqualTo(SendPaymentErrors.Kind.DUPLICATE);
        assertThat(SendPaymentErrors.classify(Status.UNKNOWN.withDescription("payment is in transition")))
                .isEqualTo(SendPaymentErrors.Kind.DUPLICATE);
        assertThat(SendPaymentErrors.classify(Status.UNKNOWN.withDescription("invoice is already paid")))
                .isEqualTo(SendPaymentErrors.Kind.DUPLICATE);
        assertThat(SendPaymentErrors.classify(Status.UNKNOWN.withDescription("verification failed: permission denied")))
                .isEqualTo(SendPaymentErrors.Kind.PERMISSION);
        assertThat(SendPaymentErrors.classify(Status.PERMISSION_DENIED)).isEqualTo(SendPaymentErrors.Kind.PERMISSION);
        assertThat(SendPaymentErrors.classify(Status.UNKNOWN.withDescription("invoice expired. Valid until 2026-01-01")))
                .isEqualTo(SendPaymentErrors.Kind.REFUSED);
        assertThat(SendPaymentErrors.classify(Status.INVALID_ARGUMENT.withDescription("invalid payment request")))
                .isEqualTo(SendPaymentErrors.Kind.REFUSED);
        assertThat(SendPaymentErrors.classify(Status.UNKNOWN.withDescription("self-payments not allowed")))
                .isEqualTo(SendPaymentErrors.Kind.REFUSED);
    }
}
