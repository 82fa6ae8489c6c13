package dev.bursar.wallet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.evm.EthJsonRpc;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.value.EvmAddress;
import dev.bursar.wallet.evm.EvmKeys;
import dev.bursar.wallet.evm.EvmWallet;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * EVM sends per second from one address with 64 concurrent callers: through GuardedWallet (policy, journal with
 * fsync, nonce manager, signing, broadcast, receipt) against the baseline of pre-signed raw transactions sent with
 * {@code eth_sendRawTransaction} and awaited the same way, on the same anvil in the same run.
 * Usage: EvmThroughputBench [transactions per round, default 640] [rounds, default 3].
 */
public final class EvmThroughputBench {

    private static final int CALLERS = 64;

    private EvmThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int txs = args.length > 0 ? Integer.parseInt(args[0]) : 640;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM)) {
            EthJsonRpc rpc = devnet.evm().rpc();
            long chainId = devnet.evm().chainId();
            String url = devnet.evm().rpcUrl().toString();
            System.out.printf("EVM sends/s, %d callers, %d transactions per round, anvil %s%n", CALLERS, txs, url);
            double rawBest = 0;
            double guardedBest = 0;
            for (int round = 1; round <= rounds; round++) {
                double raw = raw(rpc, chainId, devnet.evm().accounts().get(2 * round).privateKey(), txs);
                double guarded = guarded(url, chainId, devnet.evm().accounts().get(2 * round + 1).privateKey(), txs);
                rawBest = Math.max(rawBest, raw);
                guardedBest = Math.max(guardedBest, guarded);
                System.out.printf("round %d: raw %.0f tx/s, guarded %.0f tx/s, ratio %.2f%n", round, raw, guarded, guarded / raw);
            }
            System.out.printf("best: raw %.0f tx/s, guarded %.0f tx/s, ratio %.2f%n", rawBest, guardedBest, guardedBest / rawBest);
        }
        System.exit(0);
    }

    /** Pre-signs {@code n} transfers, then 64 callers each send theirs and wait for its receipt. */
    private static double raw(EthJsonRpc rpc, long chainId, String key, int n) throws Exception {
        Credentials credentials = Credentials.create(key);
        BigInteger nonce0 = EthJsonRpc.quantity(rpc.call("eth_getTransactionCount", credentials.getAddress(), "pending"));
        String to = "0x000000000000000000000000000000000000beef";
        List<String> signed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawTransaction tx = RawTransaction.createEtherTransaction(chainId, nonce0.add(BigInteger.valueOf(i)),
                    BigInteger.valueOf(21_000), to, BigInteger.ONE, BigInteger.valueOf(1_000_000_000L), BigInteger.valueOf(10_000_000_000L));
            signed.add(Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, credentials)));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        return timed(() -> {
            int i;
            while ((i = next.getAndIncrement()) < n) {
                String hash = rpc.call("eth_sendRawTransaction", signed.get(i)).asText();
                JsonNode receipt = rpc.awaitReceipt(hash, Duration.ofSeconds(60));
                if (!"0x1".equals(receipt.path("status").asText())) {
                    failed.incrementAndGet();
                }
            }
        }, n, failed);
    }

    /** 64 callers pay through one GuardedWallet (one address) until {@code n} payments are settled. */
    private static double guarded(String url, long chainId, String key, int n) throws Exception {
        Path dir = Files.createTempDirectory("bursar-evm-bench-");
        EvmWallet rail = EvmWallet.builder().rpcUrl(url).chainId(chainId).keys(EvmKeys.fromPrivateKey(key))
                .pollInterval(Duration.ofMillis(20)).build();
        try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
            GuardedWallet wallet = GuardedWallet.builder().agentId("bench").wallet(rail).ledger(ledger)
                    .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(rail.nativeCoin(), "1"))
                            .budget(Duration.ofHours(1), Amount.of(rail.nativeCoin(), "1000")).build()).build();
            EvmAddress to = EvmAddress.of("0x000000000000000000000000000000000000bEEF");
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            return timed(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    SpendResult r = wallet.pay(new PaymentIntent("bench", new PaymentTarget.EvmTransfer(to),
                            Amount.ofUnits(rail.nativeCoin(), 1), "bench", "b-" + i));
                    if (r.state() != EntryState.SUCCEEDED) {
                        failed.incrementAndGet();
                        System.err.println("payment " + i + ": " + r.message());
                    }
                }
            }, n, failed);
        }
    }

    private static double timed(Runnable caller, int n, AtomicInteger failed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            futures.add(pool.submit(caller));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + n + " transactions failed (nonce errors?)");
        }
        return n / seconds;
    }

}
