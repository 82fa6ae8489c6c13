package dev.bursar.l402.jaxrs;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class L402PathPricingTest {

    @Test
    void theFirstRuleMatchingTheWholePathWins() {
        Map<String, Long> table = new LinkedHashMap<>();
        table.put("^/api/reports/annual$", 50L);
        table.put("^/api/reports/.*$", 20L);
        L402PathPricing pricing = L402PathPricing.of(table).and("^/api/.*$", 2);
        assertThat(pricing.priceFor("/api/reports/annual")).hasValue(50);
        assertThat(pricing.priceFor("/api/reports/annual/2025")).hasValue(20);
        assertThat(pricing.priceFor("/api/quotes")).hasValue(2);
        assertThat(pricing.priceFor("/health")).isEmpty();
        assertThat(L402PathPricing.of(Map.of("/api", 5L)).priceFor("/api/quotes")).as("a rule matches the whole path").isEmpty();
    }

    @Test
    void aBadRuleIsRefusedNamingIt() {
        assertThatThrownBy(() -> L402PathPricing.none().and("^/api/(", 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'^/api/(' is not a valid regular expression");
        assertThatThrownBy(() -> L402PathPricing.none().and("^/api/.*$", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be at least 1 sat, got 0");
    }
}
