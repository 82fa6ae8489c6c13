package dev.bursar.wallet.evm;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeeOracleTest {

    private static final BigInteger GWEI = BigInteger.valueOf(1_000_000_000L);

    private static FeeOracle oracle(long ceilingGwei) {
        return new FeeOracle(null, 50, GWEI, GWEI.multiply(BigInteger.valueOf(ceilingGwei)));
    }

    @Test
    void maxFeeIsTwiceTheBaseFeePlusTheTip() {
        FeeOracle.Fees fees = oracle(500).fees(GWEI.multiply(BigInteger.valueOf(10)), GWEI.multiply(BigInteger.TWO));
        assertThat(fees.maxPriorityFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.TWO));
        assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(22)));
    }

    @Test
    void tipNeverFallsBelowTheFloor() {
        assertThat(oracle(500).fees(GWEI, BigInteger.ZERO).maxPriorityFeePerGas()).isEqualTo(GWEI);
    }

    @Test
    void capsAtTheCeilingWhileTheBaseFeeAndTipStillFit() {
        FeeOracle.Fees fees = oracle(30).fees(GWEI.multiply(BigInteger.valueOf(20)), GWEI);
        assertThat(fees.maxFeePerGas()).isEqualTo(GWEI.multiply(BigInteger.valueOf(30)));
    }

    @Test
    void refusesAboveTheCeilingAndSaysWhatToDo() {
        assertThatThrownBy(() -> oracle(30).fees(GWEI.multiply(BigInteger.valueOf(40)), GWEI))
                .isInstanceOf(FeeCeilingExceededException.class)
                .hasMessageContaining("41 gwei")
                .hasMessageContaining("ceiling of 30 gwei")
                .hasMessageContaining("raise the ceiling");
    }

    @Test
    void bumpRaisesByAtLeastTwelveAndAHalfPercentRoundedUp() {
        assertThat(FeeOracle.raise(BigInteger.valueOf(800))).isEqualTo(BigInteger.valueOf(900));
        assertThat(FeeOracle.raise(BigInteger.valueOf(801))).isEqualTo(BigInteger.valueOf(902)); // 901.125 rounded up
        assertThat(FeeOracle.raise(BigInteger.ONE)).isEqualTo(BigInteger.TWO);
        assertThat(FeeOracle.raise(BigInteger.ZERO)).isEqualTo(BigInteger.ONE);
    }
}
