package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.wrapper.MacaroonClientInterceptor;
import org.lightningj.lnd.wrapper.SynchronousLndAPI;
import org.lightningj.lnd.wrapper.router.SynchronousRouterAPI;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated gRPC channel to an LND node (TLS with the node's certificate, a macaroon in every call's
 * metadata, a default deadline per call) and lightningj's synchronous Lightning and Router APIs over it.
 *
 * <p>Give it a macaroon baked for exactly what a paying agent needs, not {@code admin.macaroon}:
 * <pre>lncli bakemacaroon --save_to agent.macaroon info:read offchain:read offchain:write invoices:read invoices:write onchain:read</pre>
 * {@code offchain:write} is what lets it pay; drop it (or use {@code readonly.macaroon}) for a wallet that may only
 * receive and watch. The macaroon is read once and never appears in {@code toString}, logs or error messages.
 */
public final class LndConnection implements AutoCloseable {

    /** The permissions a {@link LightningWallet} uses, as {@code lncli bakemacaroon} arguments. */
    public static final String AGENT_PERMISSIONS =
            "info:read offchain:read offchain:write invoices:read invoices:write onchain:read";

    private static final int MAX_INBOUND_MESSAGE_BYTES = 50 * 1024 * 1024;

    private final String host;
    private final int port;
    private final Duration callTimeout;
    private final ManagedChannel channel;
    private final SynchronousLndAPI lightning;
    private final SynchronousRouterAPI router;

    private LndConnection(Builder b, SslContext ssl, String macaroonHex) {
        this.host = b.host;
        this.port = b.port;
        this.callTimeout = b.callTimeout;
        this.channel = NettyChannelBuilder.forAddress(host, port)
                .sslContext(ssl)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .intercept(new MacaroonClientInterceptor(() -> macaroonHex), new DefaultDeadline(callTimeout))
                .build();
        this.lightning = new SynchronousLndAPI(channel);
        this.router = new SynchronousRouterAPI(channel);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** lightningj's synchronous Lightning service (GetInfo, balances, invoices, DecodePayReq). */
    public SynchronousLndAPI lightning() {
        return lightning;
    }

    /** lightningj's synchronous Router service; note that its streaming methods drain the whole stream. */
    public SynchronousRouterAPI router() {
        return router;
    }

    /**
     * The raw Router blocking stub, for streams read one update at a time (TrackPaymentV2 snapshots) and for status
     * values newer than lightningj's enums (lnd ≥0.18's INITIATED).
     */
    RouterGrpc.RouterBlockingStub routerStub() {
        return RouterGrpc.newBlockingStub(channel);
    }

    /** {@code host:port} of the node, for messages. */
    public String endpoint() {
        return host + ":" + port;
    }

    /** The deadline applied to each call that does not run under a longer one. */
    public Duration callTimeout() {
        return callTimeout;
    }

    @Override
    public void close() {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LndConnection[" + endpoint() + "]";
    }

    /** Gives each call {@code timeout} unless the caller's gRPC {@link Context} already carries a deadline. */
    private record DefaultDeadline(Duration timeout) implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            if (options.getDeadline() == null && Context.current().getDeadline() == null) {
                options = options.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            return next.newCall(method, options);
        }
    }

    /** Builds an {@link LndConnection}; host, port, TLS certificate and macaroon are required. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path tlsCert;
        private Path macaroon;
        private Duration callTimeout = Duration.ofSeconds(10);

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** LND's {@code tls.cert}. */
        public Builder tlsCert(Path tlsCert) {
            this.tlsCert = tlsCert;
            return this;
        }

        /** A macaroon file; prefer one baked with {@link #AGENT_PERMISSIONS} over {@code admin.macaroon}. */
        public Builder macaroon(Path macaroon) {
            this.macaroon = macaroon;
            return this;
        }

        /** Deadline for each unary call (default 10 s). */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = callTimeout;
            return this;
        }

        /** Reads the certificate and macaroon and opens the channel; no call is made yet. */
        public LndConnection build() {
            if (host.isBlank()) {
                throw new InvalidInputException("LND host is blank");
            }
            if (port <= 0 || port > 65535) {
                throw new InvalidInputException("LND gRPC port must be 1..65535, got " + port + " (lnd's default is 10009)");
            }
            if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
                throw new InvalidInputException("call timeout must be positive");
            }
            SslContext ssl;
            try {
                ssl = GrpcSslContexts.forClient().trustManager(readable(tlsCert, "TLS certificate").toFile()).build();
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidInputException("cannot use " + tlsCert + " as LND's TLS certificate: " + e.getMessage()
                        + " (give the node's tls.cert, PEM)", e);
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(readable(macaroon, "macaroon"));
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the macaroon file " + macaroon + " (check its path and permissions)", e);
            }
            if (bytes.length == 0) {
                throw new InvalidInputException("the macaroon file " + macaroon + " is empty");
            }
            return new LndConnection(this, ssl, HexFormat.of().formatHex(bytes));
        }

        private static Path readable(Path file, String what) {
            if (file == null) {
                throw new InvalidInputException("an LND connection needs the path of its " + what);
            }
            if (!Files.isReadable(file)) {
                throw new InvalidInputException("the " + what + " file " + file + " does not exist or is not readable");
            }
            return file;
        }
    }
}
