package dev.bursar.registry.reputation;

import dev.bursar.registry.AbiErrors;
import dev.bursar.wallet.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReputationRegistryErrorsTest {

    @Test
    void theClientKnowsEveryErrorTheContractDeclares() {
        assertThat(AbiErrors.declared(ReputationRegistryClient.ERRORS)).containsAll(AbiErrors.of("ReputationRegistry"));
    }

    @Test
    void feedbackValuesStayWithinTheRegistrysBounds() {
        assertThat(FeedbackValue.of(9977, 2).toBigDecimal()).isEqualByComparingTo("99.77");
        assertThat(FeedbackValue.of(-5, 0)).hasToString("-5");
        assertThatThrownBy(() -> FeedbackValue.of(1, 19)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new FeedbackValue(BigInteger.TEN.pow(38).add(BigInteger.ONE), 0)).isInstanceOf(InvalidInputException.class);
    }
}
