package dev.bursar.devnet.x402;

import dev.bursar.devnet.node.NodeScript;
import dev.bursar.devnet.node.NodeServer;

import dev.bursar.devnet.Devnet;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An x402 v2 resource server built from the reference packages ({@code @x402/express} {@code paymentMiddleware} with
 * {@code @x402/core}'s {@code HTTPFacilitatorClient} and {@code @x402/evm}'s exact server scheme, 2.27.0) on a free
 * 127.0.0.1 port: {@code GET /paid} costs one {@link X402Price} paid to {@code payTo} and answers
 * {@code {"data":"paid content"}}; {@code GET /free} answers {@code {"data":"free content"}}. {@link #close()} stops it.
 */
public final class X402Seller implements AutoCloseable {

    /** The priced path. */
    public static final String PAID_PATH = "/paid";
    /** A path that needs no payment. */
    public static final String FREE_PATH = "/free";

    private final NodeServer server;
    private final X402Price price;
    private final String payTo;

    private X402Seller(NodeServer server, X402Price price, String payTo) {
        this.server = server;
        this.price = price;
        this.payTo = payTo;
    }

    /**
     * Starts a seller on {@code devnet}'s chain ({@code eip155:<chainId>}) that asks {@code facilitator} to verify and
     * settle payments of {@code price} to {@code payTo}.
     */
    public static X402Seller start(Devnet devnet, URI facilitator, X402Price price, String payTo) {
        Objects.requireNonNull(facilitator, "facilitator");
        Objects.requireNonNull(price, "price");
        if (payTo == null || !payTo.matches("0x[0-9a-fA-F]{40}")) {
            throw new IllegalArgumentException("payTo is a 0x-prefixed 20-byte address, got '" + payTo + "'");
        }
        NodeScript scripts = NodeScript.install(devnet.npm().nodeModules(), devnet.workDir().resolve("x402"), "/dev/bursar/devnet/x402/", "seller.mjs");
        NodeServer server = NodeServer.start("x402-seller", scripts, List.of(facilitator.toString(),
                "eip155:" + devnet.evm().chainId(), price.asset(), price.eip712Name(), price.eip712Version(),
                price.amount().toString(), payTo), Map.of());
        return new X402Seller(server, price, payTo);
    }

    /** The seller's base URL, such as {@code http://127.0.0.1:41234}. */
    public URI url() {
        return server.url();
    }

    /** {@link #url()} + {@link #PAID_PATH}. */
    public URI paidUrl() {
        return URI.create(url() + PAID_PATH);
    }

    /** {@link #url()} + {@link #FREE_PATH}. */
    public URI freeUrl() {
        return URI.create(url() + FREE_PATH);
    }

    public X402Price price() {
        return price;
    }

    public String payTo() {
        return payTo;
    }

    /** The seller's output, including any error from its facilitator. */
    public Path log() {
        return server.process().log();
    }

    @Override
    public void close() {
        server.close();
    }
}
