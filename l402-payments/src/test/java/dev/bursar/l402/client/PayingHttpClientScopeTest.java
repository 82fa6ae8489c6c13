package dev.bursar.l402.client;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Another spelling of a service's URL is the same scope, so a block or a held purchase cannot be walked around. */
class PayingHttpClientScopeTest {

    @Test
    void dotSegmentsRepeatedSlashesAndEscapesNameTheSameService() {
        String quotes = PayingHttpClient.scope(URI.create("http://api.example.com/quotes/today"));
        assertThat(quotes).isEqualTo("http://api.example.com:80/quotes");
        for (String spelling : new String[] {"http://api.example.com/./quotes/x", "http://api.example.com/other/../quotes",
            "http://api.example.com//quotes", "http://api.example.com/%71uotes/today", "HTTP://API.EXAMPLE.COM:80/quotes"}) {
            assertThat(PayingHttpClient.scope(URI.create(spelling))).as(spelling).isEqualTo(quotes);
        }
        assertThat(PayingHttpClient.scope(URI.create("http://api.example.com/weather"))).isNotEqualTo(quotes);
        assertThat(PayingHttpClient.scope(URI.create("https://api.example.com/quotes"))).isNotEqualTo(quotes);
    }
}
