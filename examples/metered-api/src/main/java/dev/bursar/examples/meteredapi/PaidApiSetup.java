package dev.bursar.examples.meteredapi;

import dev.bursar.l402.jaxrs.L402RequestFilter;
import dev.bursar.l402.jaxrs.PaidApiFilter;
import dev.bursar.l402.jaxrs.X402RequestFilter;
import dev.bursar.l402.lnd.LndInvoiceIssuer;
import dev.bursar.l402.server.FileRootKeyStore;
import dev.bursar.l402.server.L402Authority;
import dev.bursar.l402.server.PricedService;
import dev.bursar.l402.x402.server.HttpFacilitator;
import dev.bursar.l402.x402.server.X402Offer;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.value.EvmAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds the seller's {@link PaidApiFilter} from {@link MeteredApiConfig}: L402 with its LND node, x402 with its facilitator. */
@ApplicationScoped
public class PaidApiSetup {

    /** The service name both rails sell, as in {@code @L402(service = ...)} and {@code @X402(service = ...)}. */
    public static final String SERVICE = "quote";

    @Inject
    MeteredApiConfig config;

    @Inject
    RemoteAddress remoteAddress;

    @Produces
    @Singleton
    PaidApiFilter paidApi() {
        MeteredApiConfig.L402 ln = config.l402();
        LightningWallet node = LightningWallet.builder().network(BitcoinNetwork.of(ln.network())).connection(LndConnection.builder()
                .host(ln.lndHost()).port(ln.lndPort()).tlsCert(ln.lndTlsCert()).macaroon(ln.lndMacaroon()).build()).build();
        L402RequestFilter l402 = L402RequestFilter.builder()
                .authority(new L402Authority(new FileRootKeyStore(config.dataDir().resolve("l402-root-keys")), Clock.systemUTC()))
                .invoices(new LndInvoiceIssuer(node, ln.invoiceExpiry()))
                .service(new PricedService(SERVICE, 0, List.of(), ln.priceSats(), ln.validity()))
                .clientAddress(remoteAddress::current)
                .build();
        MeteredApiConfig.X402 x = config.x402();
        X402RequestFilter x402 = X402RequestFilter.builder()
                .facilitator(new HttpFacilitator(x.facilitator(), Duration.ofSeconds(30)))
                .offer(SERVICE, new X402Offer(x.chainId(), EvmAddress.of(x.asset()), x.tokenName(), x.tokenVersion(),
                        new BigInteger(x.priceUnits()), EvmAddress.of(x.payTo()), x.maxTimeoutSeconds()))
                .build();
        return new PaidApiFilter(l402, x402);
    }

    /** The current request's remote address, for the per-client challenge limit. */
    @jakarta.enterprise.context.RequestScoped
    public static class RemoteAddress {
        @Inject
        RoutingContext routing;

        public String current() {
            var address = routing.request().remoteAddress();
            return address == null ? "unknown" : address.hostAddress();
        }
    }
}
