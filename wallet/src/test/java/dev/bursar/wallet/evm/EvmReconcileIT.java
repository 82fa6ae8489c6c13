package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PreparedPayment;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconciling EVM payments after a crash against real anvil: a transaction is re-broadcast only while it is unknown to
 * the node and its nonce is free, at most once, and never after the node refused it or another transaction took its
 * nonce. Tests that hold transactions pending switch anvil's automining off and always back on.
 */
@WithDevnet({Component.EVM})
class EvmReconcileIT {

    private static final BigInteger ETHER = BigInteger.TEN.pow(18);

    /** A wallet whose eth_sendRawTransaction calls are counted. */
    private record Counted(EvmWallet wallet, AtomicInteger sends) {
    }

    private static EvmKeys freshKeys() throws Exception {
        return EvmKeys.fromPrivateKey(Numeric.toHexStringNoPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64));
    }

    private static EvmWallet.Builder builder(Devnet devnet, EvmKeys keys, Duration receiptTimeout) {
        return EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId()).keys(keys)
                .pollInterval(Duration.ofMillis(20)).receiptTimeout(receiptTimeout);
    }

    private static Counted counted(Devnet devnet, EvmKeys keys, Duration receiptTimeout) {
        AtomicInteger sends = new AtomicInteger();
        OkHttpClient counting = new OkHttpClient.Builder().addInterceptor(chain -> {
            Buffer body = new Buffer();
            if (chain.request().body() != null) {
                chain.request().body().writeTo(body);
            }
            if (body.readUtf8().contains("eth_sendRawTransaction")) {
                sends.incrementAndGet();
            }
            return chain.proceed(chain.request());
        }).build();
        String url = devnet.evm().rpcUrl().toString();
        return new Counted(builder(devnet, keys, receiptTimeout).web3jService(new HttpService(url, counting), url).build(), sends);
    }

    private static PaymentIntent pay(EvmAddress to, EvmWallet wallet, String eth) {
        return new PaymentIntent("it-agent", new PaymentTarget.EvmTransfer(to), Amount.of(wallet.nativeCoin(), eth), "reconcile test",
                "it-" + UUID.randomUUID());
    }

    @Test
    void aNonceMinedByAnotherTransactionMakesThePaymentFailedWithoutBroadcasting(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmKeys keys = freshKeys();
        anvil.fund(keys.address(), ETHER);
        Counted before = counted(devnet, keys, Duration.ofSeconds(30));
        EvmAddress first = freshKeys().address();
        PreparedPayment.Evm crashed = before.wallet().prepare(before.wallet().quote(pay(first, before.wallet(), "0.1")));
        // crash before broadcasting; the restarted process pays something else and takes the same nonce
        EvmWallet restarted = builder(devnet, keys, Duration.ofSeconds(30)).build();
        EvmAddress second = freshKeys().address();
        PreparedPayment.Evm other = restarted.prepare(restarted.quote(pay(second, restarted, "0.2")));
        assertThat(other.nonce()).isEqualTo(crashed.nonce());
        assertThat(restarted.execute(other).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);

        PaymentOutcome outcome = before.wallet().reconcile(crashed, true);

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(outcome.failureReason().orElseThrow()).contains("used by another transaction").contains("nothing moved");
        assertThat(before.sends()).hasValue(0);
        assertThat(restarted.balanceOf(first).isZero()).isTrue();
        assertThat(restarted.balanceOf(second)).isEqualTo(Amount.of(restarted.nativeCoin(), "0.2"));
    }

    @Test
    void aNonceHeldByAnotherPendingTransactionIsNeverBroadcastOverIt(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmKeys keys = freshKeys();
        anvil.fund(keys.address(), ETHER);
        Counted before = counted(devnet, keys, Duration.ofSeconds(30));
        EvmAddress first = freshKeys().address();
        PreparedPayment.Evm crashed = before.wallet().prepare(before.wallet().quote(pay(first, before.wallet(), "0.1")));
        EvmWallet restarted = builder(devnet, keys, Duration.ofMillis(300)).build();
        EvmAddress second = freshKeys().address();
        anvil.automine(false);
        try {
            PreparedPayment.Evm other = restarted.prepare(restarted.quote(pay(second, restarted, "0.2")));
            assertThat(other.nonce()).isEqualTo(crashed.nonce());
            assertThat(restarted.execute(other).status()).isEqualTo(PaymentOutcome.Status.PENDING); // in the pool, unmined
            assertThat(anvil.transactionCount(keys.address(), "pending")).isEqualTo(1);

            PaymentOutcome held = before.wallet().reconcile(crashed, true);

            // Re-sending would either be refused as an underpriced replacement or knock the other payment out of the pool.
            assertThat(held.status()).isEqualTo(PaymentOutcome.Status.PENDING);
            assertThat(before.sends()).hasValue(0);

            anvil.mine();
            PaymentOutcome resolved = before.wallet().reconcile(crashed, true);
            assertThat(resolved.status()).isEqualTo(PaymentOutcome.Status.FAILED);
            assertThat(resolved.failureReason().orElseThrow()).contains("used by another transaction");
            assertThat(before.sends()).hasValue(0);
            assertThat(restarted.reconcile(other, false).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        } finally {
            anvil.automine(true);
        }
        assertThat(restarted.balanceOf(first).isZero()).isTrue();
        assertThat(restarted.balanceOf(second)).isEqualTo(Amount.of(restarted.nativeCoin(), "0.2"));
    }

    @Test
    void aTransactionTheNodeRefusedIsFailedAndNeverSentAgain(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmKeys keys = freshKeys();
        anvil.fund(keys.address(), ETHER);
        Counted wallet = counted(devnet, keys, Duration.ofSeconds(30));
        EvmAddress recipient = freshKeys().address();
        PreparedPayment.Evm crashed = wallet.wallet().prepare(wallet.wallet().quote(pay(recipient, wallet.wallet(), "0.5")));
        anvil.setBalance(keys.address(), ETHER.divide(BigInteger.TEN)); // the account can no longer cover it; the nonce is free

        PaymentOutcome refused = wallet.wallet().reconcile(crashed, true);

        assertThat(refused.status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(refused.failureReason().orElseThrow()).contains("refused");
        assertThat(wallet.sends()).hasValue(1);

        // Funds come back. The refused transaction was reported FAILED and its nonce may go to another payment, so it must
        // not be sent again: paying it now would be a payment reported as failed and made anyway.
        anvil.setBalance(keys.address(), ETHER);
        PaymentOutcome again = wallet.wallet().reconcile(crashed, true);
        assertThat(again.status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(wallet.wallet().execute(crashed).status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(wallet.sends()).hasValue(1);
        assertThat(wallet.wallet().balanceOf(recipient).isZero()).isTrue();

        // The freed nonce goes to the next payment, which settles.
        PreparedPayment.Evm next = wallet.wallet().prepare(wallet.wallet().quote(pay(recipient, wallet.wallet(), "0.01")));
        assertThat(next.nonce()).isEqualTo(crashed.nonce());
        assertThat(wallet.wallet().execute(next).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(wallet.wallet().balanceOf(recipient)).isEqualTo(Amount.of(wallet.wallet().nativeCoin(), "0.01"));
    }

    @Test
    void aTransactionTheNodeDroppedIsRebroadcastOnlyOnce(Devnet devnet) throws Exception {
        AnvilCheats anvil = new AnvilCheats(devnet);
        EvmKeys keys = freshKeys();
        anvil.fund(keys.address(), ETHER);
        Counted wallet = counted(devnet, keys, Duration.ofMillis(300));
        EvmAddress recipient = freshKeys().address();
        PreparedPayment prepared = wallet.wallet().prepare(wallet.wallet().quote(pay(recipient, wallet.wallet(), "0.1")));
        anvil.automine(false);
        try {
            assertThat(wallet.wallet().execute(prepared).status()).isEqualTo(PaymentOutcome.Status.PENDING);
            assertThat(wallet.sends()).hasValue(1);
            anvil.drop(prepared.reference()); // the node forgot it; the nonce is still free

            assertThat(wallet.wallet().reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.PENDING);
            assertThat(wallet.sends()).hasValue(2); // re-sent identically, once
            anvil.drop(prepared.reference());

            assertThat(wallet.wallet().reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.PENDING);
            assertThat(wallet.wallet().reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.PENDING);
            assertThat(wallet.sends()).hasValue(2); // not again and again: bump the fee to push it through
        } finally {
            anvil.automine(true);
        }
        PreparedPayment bumped = wallet.wallet().bumpFee(prepared);
        assertThat(wallet.wallet().execute(bumped).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(wallet.wallet().reconcile(prepared, true).status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(wallet.sends()).hasValue(3);
        assertThat(wallet.wallet().balanceOf(recipient)).isEqualTo(Amount.of(wallet.wallet().nativeCoin(), "0.1"));
    }
}
