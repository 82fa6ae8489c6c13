package dev.bursar.wallet.lightning;

import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PeerUnavailableException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retry and error translation of calls to LND, without a node. */
class LndRpcTest {

    private final LndRpc rpc = new LndRpc("127.0.0.1:10009", 3, Duration.ofMillis(1));

    @Test
    void retriesWhileUnreachableThenNamesTheNode() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> rpc.call("GetInfo", "info:read", () -> {
            calls.incrementAndGet();
            throw Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();
        })).isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining("127.0.0.1:10009").hasMessageContaining("GetInfo").hasMessageContaining("3 attempt");
        assertThat(calls).hasValue(3);
    }

    @Test
    void recoversWhenTheNodeComesBack() {
        AtomicInteger calls = new AtomicInteger();
        String answer = rpc.call("GetInfo", "info:read", () -> {
            if (calls.incrementAndGet() < 2) {
                throw Status.UNAVAILABLE.asRuntimeException();
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");
        assertThat(calls).hasValue(2);
    }

    @Test
    void doesNotRetryOtherErrorsAndTypesThem() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> rpc.call("SendPaymentV2", "offchain:write", () -> {
            calls.incrementAndGet();
            throw Status.UNKNOWN.withDescription("verification failed: permission denied").asRuntimeException();
        })).isInstanceOf(LndPermissionException.class).hasMessageContaining("offchain:write");
        assertThat(calls).hasValue(1);
        assertThatThrownBy(() -> rpc.call("DecodePayReq", "offchain:read", () -> {
            throw Status.INVALID_ARGUMENT.withDescription("bad invoice").asRuntimeException();
        })).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> rpc.call("AddInvoice", "invoices:write", () -> {
            throw Status.INTERNAL.withDescription("boom").asRuntimeException();
        })).isInstanceOf(LndException.class).hasMessageContaining("boom");
    }

    @Test
    void onceNeverRetries() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> rpc.once("AddInvoice", "invoices:write", () -> {
            calls.incrementAndGet();
            throw Status.UNAVAILABLE.asRuntimeException();
        })).isInstanceOf(PeerUnavailableException.class);
        assertThat(calls).hasValue(1);
    }
}
