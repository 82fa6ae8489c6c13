package dev.bursar.wallet.evm;

import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.junit.WithDevnet;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.Asset;
import dev.bursar.wallet.InsufficientFundsException;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentOutcome;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.PeerUnavailableException;
import dev.bursar.wallet.PreparedPayment;
import dev.bursar.wallet.Quote;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@WithDevnet({Component.EVM})
class EvmWalletIT {

    private static final BigInteger ETHER = BigInteger.TEN.pow(18);

    // ------------------------------------------------------------------ helpers

    private static EvmKeys devKeys(Devnet devnet, int index) {
        return EvmKeys.fromPrivateKey(devnet.evm().accounts().get(index).privateKey());
    }

    private static EvmKeys freshKeys() throws Exception {
        return EvmKeys.fromPrivateKey(Numeric.toHexStringNoPrefixZeroPadded(Keys.createEcKeyPair().getPrivateKey(), 64));
    }

    private static EvmWallet.Builder builder(Devnet devnet, EvmKeys keys) {
        return EvmWallet.builder().rpcUrl(devnet.evm().rpcUrl().toString()).chainId(devnet.evm().chainId()).keys(keys)
                .pollInterval(Duration.ofMillis(20)).receiptTimeout(Duration.ofSeconds(30));
    }

    private static EvmWallet wallet(Devnet devnet, EvmKeys keys) {
        return builder(devnet, keys).build();
    }

    private static PaymentIntent intent(PaymentTarget target, Amount amount) {
        return new PaymentIntent("it-agent", target, amount, "integration test", "it-" + UUID.randomUUID());
    }

    private static PaymentOutcome pay(EvmWallet wallet, PaymentIntent intent) {
        return wallet.execute(wallet.prepare(wallet.quote(intent)));
    }

    private static EvmAddress devToken(Devnet devnet) {
        return EvmAddress.of(devnet.contracts().get("DevToken"));
    }

    private static EvmWallet fund(Devnet devnet, int devIndex, EvmKeys fresh, BigInteger wei) {
        EvmWallet funder = wallet(devnet, devKeys(devnet, devIndex));
        PaymentOutcome funded = pay(funder, intent(new PaymentTarget.EvmTransfer(fresh.address()), Amount.ofUnits(funder.nativeCoin(), wei)));
        assertThat(funded.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        return wallet(devnet, fresh);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void etherTransferSettlesAndBalancesMoveExactly(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 1));
        EvmAddress recipient = freshKeys().address();
        Asset.NativeCoin eth = wallet.nativeCoin();
        Amount amount = Amount.of(eth, "0.25");
        Amount before = wallet.balance(eth);

        Quote quote = wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount));
        assertThat(quote.recipient()).isEqualTo(recipient.value());
        assertThat(quote.contract()).isEmpty();
        PreparedPayment prepared = wallet.prepare(quote);
        PaymentOutcome outcome = wallet.execute(prepared);

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(outcome.reference()).isEqualTo(prepared.reference());
        Amount fee = outcome.fee().orElseThrow();
        assertThat(fee.isZero()).isFalse();
        assertThat(fee.units()).isLessThanOrEqualTo(quote.maxFee().orElseThrow().units());
        assertThat(wallet.balanceOf(recipient)).isEqualTo(amount);
        assertThat(wallet.balance(eth)).isEqualTo(before.minus(amount).minus(fee));
    }

    @Test
    void devTokenTransferMovesExactlyTheTokenAmount(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 2));
        Asset.Erc20Token dusd = wallet.token(devToken(devnet));
        assertThat(dusd.symbol()).isEqualTo("dUSD");
        assertThat(dusd.decimals()).isEqualTo(6);
        EvmAddress recipient = freshKeys().address();
        Amount amount = Amount.of(dusd, "12.5");
        Amount before = wallet.balance(dusd);

        Quote quote = wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount));
        assertThat(quote.contract()).contains(dusd.contract().value());
        assertThat(quote.recipient()).isEqualTo(recipient.value());
        PaymentOutcome outcome = wallet.execute(wallet.prepare(quote));

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(wallet.balanceOf(dusd, recipient).units()).isEqualTo(BigInteger.valueOf(12_500_000));
        assertThat(wallet.balance(dusd)).isEqualTo(before.minus(amount));
    }

    @Test
    void approveSetsTheAllowance(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 3));
        Asset.Erc20Token dusd = wallet.token(devToken(devnet));
        EvmAddress spender = freshKeys().address();
        assertThat(wallet.allowance(dusd, spender).isZero()).isTrue();

        PaymentOutcome outcome = pay(wallet, intent(new PaymentTarget.Erc20Approval(spender), Amount.of(dusd, "40")));

        assertThat(outcome.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(wallet.allowance(dusd, spender)).isEqualTo(Amount.of(dusd, "40"));
    }

    @Test
    void sixtyFourConcurrentPaymentsFromOneAddressAllSettleWithContiguousNonces(Devnet devnet) throws Exception {
        EvmKeys fresh = freshKeys();
        EvmWallet wallet = fund(devnet, 4, fresh, ETHER.multiply(BigInteger.TEN));
        EvmAddress recipient = freshKeys().address();
        Amount each = Amount.ofUnits(wallet.nativeCoin(), 1_000_000L);
        int n = 64;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PreparedPaymentAndOutcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    PreparedPayment.Evm prepared = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), each)));
                    return new PreparedPaymentAndOutcome(prepared, wallet.execute(prepared));
                }));
            }
            start.countDown();
            Set<Long> nonces = new TreeSet<>();
            List<String> failures = new ArrayList<>();
            for (Future<PreparedPaymentAndOutcome> f : futures) {
                PreparedPaymentAndOutcome r = f.get();
                nonces.add(r.prepared().nonce());
                if (r.outcome().status() != PaymentOutcome.Status.SUCCEEDED) {
                    failures.add(r.outcome().toString());
                }
            }
            assertThat(failures).isEmpty();
            assertThat(nonces).containsExactlyElementsOf(LongStream.range(0, n).boxed().collect(Collectors.toList()));
        }
        EvmRpc rpc = new EvmRpc(new HttpService(devnet.evm().rpcUrl().toString()), "anvil", RetryPolicy.defaults());
        assertThat(rpc.transactionCount(fresh.address(), "latest")).isEqualTo(n);
        assertThat(wallet.balanceOf(recipient).units()).isEqualTo(BigInteger.valueOf(1_000_000L * n));
    }

    private record PreparedPaymentAndOutcome(PreparedPayment.Evm prepared, PaymentOutcome outcome) {
    }

    @Test
    void insufficientBalanceIsRefusedBeforeSigningAndTakesNoNonce(Devnet devnet) throws Exception {
        EvmKeys fresh = freshKeys();
        EvmWallet wallet = fund(devnet, 5, fresh, ETHER.divide(BigInteger.valueOf(100))); // 0.01 ETH
        Asset.NativeCoin eth = wallet.nativeCoin();
        EvmAddress recipient = freshKeys().address();

        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), Amount.of(eth, "1"))))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("0.01 ETH").hasMessageContaining("1 ETH");
        // the whole balance leaves nothing for the fee
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), Amount.of(eth, "0.01"))))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("in fees");
        Asset.Erc20Token dusd = wallet.token(devToken(devnet));
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), Amount.of(dusd, "1"))))
                .isInstanceOf(InsufficientFundsException.class).hasMessageContaining("dUSD");

        assertThat(wallet.nonces().peekNext()).isEqualTo(-1); // nothing reserved
        PreparedPayment.Evm next = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), Amount.of(eth, "0.001"))));
        assertThat(next.nonce()).isZero();
        assertThat(wallet.execute(next).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
    }

    @Test
    void tokensSentToTheTokenContractItselfAreRefused(Devnet devnet) {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 8));
        Asset.Erc20Token dusd = wallet.token(devToken(devnet));

        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(dusd.contract()), Amount.of(dusd, "1"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token contract").hasMessageContaining("lost");
        assertThat(wallet.nonces().peekNext()).isEqualTo(-1);
    }

    @Test
    void anAddressWithoutCodeIsNotAToken(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 8));
        EvmAddress nothing = freshKeys().address();
        assertThatThrownBy(() -> wallet.token(nothing))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no contract at " + nothing);
        Asset.Erc20Token fake = new Asset.Erc20Token(devnet.evm().chainId(), nothing, "FAKE", 18);
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(freshKeys().address()), Amount.of(fake, "1"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a token");
        // the right address with the wrong decimals is refused too: the amount would be off by powers of ten
        Asset.Erc20Token misdeclared = new Asset.Erc20Token(devnet.evm().chainId(), devToken(devnet), "dUSD", 18);
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(freshKeys().address()), Amount.of(misdeclared, "1"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("6 decimals");
    }

    @Test
    void aWalletForAnotherChainIsRefused(Devnet devnet) {
        assertThatThrownBy(() -> builder(devnet, devKeys(devnet, 8)).chainId(1).build())
                .isInstanceOf(ChainMismatchException.class)
                .hasMessageContaining("serves chain id " + devnet.evm().chainId())
                .hasMessageContaining("expects 1");
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 8));
        Amount mainnetEth = Amount.of(Asset.NativeCoin.ether(1), "0.1");
        assertThatThrownBy(() -> wallet.quote(intent(new PaymentTarget.EvmTransfer(wallet.address()), mainnetEth)))
                .isInstanceOf(ChainMismatchException.class).hasMessageContaining("chain 1");
    }

    @Test
    void anUnreachableNodeFailsAfterBoundedRetriesNamingTheUrl(Devnet devnet) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort;
        long started = System.nanoTime();
        EvmKeys keys = devKeys(devnet, 8);
        assertThatThrownBy(() -> EvmWallet.builder().rpcUrl(url).chainId(31337).keys(keys)
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(200))).build())
                .isInstanceOf(PeerUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageContaining("after 3 attempts")
                .hasMessageNotContaining(devnet.evm().accounts().get(8).privateKey().replace("0x", ""));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void reconcileRebroadcastsANeverSentTransactionExactlyOnce(Devnet devnet) throws Exception {
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
        EvmWallet wallet = builder(devnet, devKeys(devnet, 6)).web3jService(new HttpService(url, counting), url).build();
        EvmAddress recipient = freshKeys().address();
        Amount amount = Amount.of(wallet.nativeCoin(), "0.5");
        PreparedPayment prepared = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount)));
        // the process "crashed" after journaling the prepared payment, before broadcasting it

        assertThat(wallet.reconcile(prepared, false).status()).isEqualTo(PaymentOutcome.Status.PENDING);
        assertThat(sends).hasValue(0);

        PaymentOutcome first = wallet.reconcile(prepared, true);
        assertThat(first.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(sends).hasValue(1);

        PaymentOutcome second = wallet.reconcile(prepared, true);
        assertThat(second.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(second.proof()).isEqualTo(first.proof());
        assertThat(sends).hasValue(1);
        assertThat(wallet.balanceOf(recipient)).isEqualTo(amount);
    }

    @Test
    void executingTheSamePreparedPaymentTwiceIsNotASecondPayment(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 9));
        EvmAddress recipient = freshKeys().address();
        Amount amount = Amount.of(wallet.nativeCoin(), "0.1");
        PreparedPayment prepared = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount)));

        PaymentOutcome first = wallet.execute(prepared);
        PaymentOutcome again = wallet.execute(prepared); // node answers "nonce too low" / "already known" for our own tx

        assertThat(first.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(again.status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
        assertThat(again.proof()).isEqualTo(first.proof());
        assertThat(wallet.balanceOf(recipient)).isEqualTo(amount);
    }

    @Test
    void aFeeBumpReplacesTheStuckTransactionAndTheOriginalReconcilesAsFailed(Devnet devnet) throws Exception {
        EvmWallet wallet = wallet(devnet, devKeys(devnet, 7));
        EvmAddress recipient = freshKeys().address();
        Amount amount = Amount.of(wallet.nativeCoin(), "0.3");
        PreparedPayment.Evm stuck = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount)));

        PreparedPayment.Evm bumped = wallet.bumpFee(stuck);

        assertThat(bumped.reference()).isNotEqualTo(stuck.reference());
        assertThat(bumped.nonce()).as("nonce").isEqualTo(stuck.nonce());
        assertThat(bumped.to()).as("to").isEqualTo(stuck.to());
        assertThat(bumped.value()).as("value").isEqualTo(stuck.value());
        assertThat(bumped.gasLimit()).as("gasLimit").isEqualTo(stuck.gasLimit());
        assertThat(bumped.idempotencyKey()).as("idempotencyKey").isEqualTo(stuck.idempotencyKey());
        assertThat(bumped.replaces()).as("replaces").contains(stuck.transactionHash());
        assertThat(bumped.maxFeePerGas().multiply(BigInteger.valueOf(8))).as("maxFeePerGas")
                .isGreaterThanOrEqualTo(stuck.maxFeePerGas().multiply(BigInteger.valueOf(9)));
        assertThat(bumped.maxPriorityFeePerGas().multiply(BigInteger.valueOf(8))).as("maxPriorityFeePerGas")
                .isGreaterThanOrEqualTo(stuck.maxPriorityFeePerGas().multiply(BigInteger.valueOf(9)));
        assertThat(wallet.execute(bumped).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);

        PaymentOutcome original = wallet.reconcile(stuck, true);
        assertThat(original.status()).isEqualTo(PaymentOutcome.Status.FAILED);
        assertThat(original.failureReason().orElseThrow()).contains("used by another transaction");
        assertThat(wallet.balanceOf(recipient)).isEqualTo(amount); // paid once
    }

    @Test
    void releasedNonceIsReusedByTheNextPayment(Devnet devnet) throws Exception {
        EvmKeys fresh = freshKeys();
        EvmWallet wallet = fund(devnet, 5, fresh, ETHER);
        EvmAddress recipient = freshKeys().address();
        Amount amount = Amount.of(wallet.nativeCoin(), "0.01");
        PreparedPayment.Evm abandoned = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount)));
        wallet.release(abandoned);

        PreparedPayment.Evm next = wallet.prepare(wallet.quote(intent(new PaymentTarget.EvmTransfer(recipient), amount)));

        assertThat(next.nonce()).isEqualTo(abandoned.nonce());
        assertThat(wallet.execute(next).status()).isEqualTo(PaymentOutcome.Status.SUCCEEDED);
    }
}
