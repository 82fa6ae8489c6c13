package dev.bursar.registry.identity;

import dev.bursar.registry.AbiErrors;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityRegistryErrorsTest {

    @Test
    void theClientKnowsEveryErrorOfTheRegistryItself() {
        Set<String> ours = new TreeSet<>(AbiErrors.of("IdentityRegistry"));
        // ERC-721 transfer errors and EIP-712 construction errors come from OpenZeppelin and no client call reaches them
        ours.removeIf(s -> s.startsWith("ERC721") && !s.startsWith("ERC721NonexistentToken") && !s.startsWith("ERC721InvalidReceiver")
                || s.startsWith("InvalidShortString") || s.startsWith("StringTooLong"));
        assertThat(AbiErrors.declared(IdentityRegistryClient.ERRORS)).containsAll(ours);
    }
}
