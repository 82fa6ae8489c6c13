package dev.bursar.registry.escrow;

import dev.bursar.registry.AbiErrors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobEscrowErrorsTest {

    @Test
    void theClientKnowsEveryErrorTheContractDeclares() {
        assertThat(AbiErrors.declared(JobEscrowClient.ERRORS)).containsAll(AbiErrors.of("JobEscrow"));
    }
}
