package dev.bursar.ranking;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bursar.wallet.value.EvmAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.*;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sourcify v2 and GoPlus token security against their documented response shapes, on a local WireMock. */
class FeedsTest {

    private static final EvmAddress TOKEN = EvmAddress.of("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void sourcifyExactMatchIsVerified() {
        server.stubFor(get("/v2/contract/1/" + TOKEN.lowerCase()).willReturn(okJson("""
                {"match":"exact_match","creationMatch":"exact_match","runtimeMatch":"exact_match","chainId":"1",
                 "address":"%s","verifiedAt":"2024-07-24T12:00:00Z","matchId":"3"}""".formatted(TOKEN))));
        List<Finding> f = new SourcifyFeed(base(), Duration.ofSeconds(2)).assess(1, TOKEN);
        assertThat(f).extracting(Finding::code).containsExactly(FindingCode.SOURCE_VERIFIED);
    }

    @Test
    void sourcifyPartialMatchCostsALittle() {
        server.stubFor(get("/v2/contract/1/" + TOKEN.lowerCase()).willReturn(okJson("""
                {"match":"match","creationMatch":null,"runtimeMatch":"match","chainId":"1","address":"%s"}""".formatted(TOKEN))));
        assertThat(new SourcifyFeed(base(), Duration.ofSeconds(2)).assess(1, TOKEN)).extracting(Finding::code)
                .containsExactly(FindingCode.SOURCIFY_PARTIAL);
    }

    @Test
    void sourcify404IsUnverified() {
        server.stubFor(get("/v2/contract/1/" + TOKEN.lowerCase()).willReturn(aResponse().withStatus(404).withBody("""
                {"customCode":"not_found","message":"Contract not found","errorId":"x"}""")));
        assertThat(new SourcifyFeed(base(), Duration.ofSeconds(2)).assess(1, TOKEN)).extracting(Finding::code)
                .containsExactly(FindingCode.UNVERIFIED_SOURCE);
    }

    @Test
    void sourcifyWithoutMatchFieldsIsUnknownNotSafe() {
        server.stubFor(get("/v2/contract/1/" + TOKEN.lowerCase()).willReturn(okJson("{\"chainId\":\"1\"}")));
        assertThat(new SourcifyFeed(base(), Duration.ofSeconds(2)).assess(1, TOKEN)).extracting(Finding::code)
                .containsExactly(FindingCode.UNKNOWN_CHECK);
    }

    @Test
    void sourcifyServerErrorThrowsSoTheScanRecordsAnUnknown() {
        server.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> new SourcifyFeed(base(), Duration.ofSeconds(2)).assess(1, TOKEN))
                .isInstanceOf(RankingException.class).hasMessageContaining("503");
    }

    @Test
    void goPlusFlagsBecomeFindings() {
        server.stubFor(get(urlPathEqualTo("/api/v1/token_security/1")).withQueryParam("contract_addresses", equalTo(TOKEN.lowerCase()))
                .willReturn(okJson("""
                {"code":1,"message":"OK","result":{"%s":{
                  "is_open_source":"1","is_proxy":"0","is_mintable":"1","owner_address":"0x0000000000000000000000000000000000000001",
                  "can_take_back_ownership":"0","owner_change_balance":"0","hidden_owner":"0","selfdestruct":"0","external_call":"0",
                  "is_honeypot":"0","buy_tax":"0","sell_tax":"0.1","cannot_buy":"0","cannot_sell_all":"0","slippage_modifiable":"1",
                  "personal_slippage_modifiable":"0","trading_cooldown":"0","transfer_pausable":"0","is_blacklisted":"0",
                  "is_whitelisted":"0","is_anti_whale":"0","holder_count":"1200"}}}""".formatted(TOKEN.lowerCase()))));
        List<Finding> f = new GoPlusFeed(base(), null, Duration.ofSeconds(2)).assess(1, TOKEN);
        assertThat(f).extracting(Finding::code).containsExactlyInAnyOrder(FindingCode.OWNER_MINT, FindingCode.TAX_MODIFIABLE,
                FindingCode.TAX_MEASURED);
        assertThat(f).filteredOn(x -> x.code() == FindingCode.TAX_MEASURED).singleElement()
                .satisfies(x -> assertThat(x.penalty()).isEqualTo(10));
    }

    @Test
    void goPlusMissingFieldsAreUnknownNotSafe() {
        server.stubFor(get(urlPathEqualTo("/api/v1/token_security/1")).willReturn(okJson("""
                {"code":1,"message":"OK","result":{"%s":{"is_open_source":"0","is_honeypot":"1"}}}""".formatted(TOKEN.lowerCase()))));
        List<Finding> f = new GoPlusFeed(base(), null, Duration.ofSeconds(2)).assess(1, TOKEN);
        assertThat(f).extracting(Finding::code).contains(FindingCode.HONEYPOT_SELL_REVERTS, FindingCode.UNVERIFIED_SOURCE,
                FindingCode.UNKNOWN_CHECK);
        assertThat(f).filteredOn(x -> x.code() == FindingCode.UNKNOWN_CHECK).singleElement()
                .satisfies(x -> assertThat(x.evidence()).contains("is_mintable").contains("sell_tax"));
    }

    @Test
    void goPlusWithoutTheTokenIsUnknown() {
        server.stubFor(get(urlPathEqualTo("/api/v1/token_security/1")).willReturn(okJson("{\"code\":1,\"message\":\"OK\",\"result\":{}}")));
        assertThat(new GoPlusFeed(base(), null, Duration.ofSeconds(2)).assess(1, TOKEN)).extracting(Finding::code)
                .containsExactly(FindingCode.UNKNOWN_CHECK);
    }

    @Test
    void goPlusSendsTheApiKeyAsBearer() {
        server.stubFor(get(urlPathEqualTo("/api/v1/token_security/1")).withHeader("Authorization", equalTo("Bearer k1"))
                .willReturn(okJson("{\"code\":1,\"message\":\"OK\",\"result\":{}}")));
        server.stubFor(get(urlPathEqualTo("/api/v1/token_security/1")).withHeader("Authorization", absent())
                .willReturn(aResponse().withStatus(401)));
        assertThat(new GoPlusFeed(base(), "k1", Duration.ofSeconds(2)).assess(1, TOKEN)).hasSize(1);
    }
}
