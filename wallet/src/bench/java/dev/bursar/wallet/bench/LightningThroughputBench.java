package dev.bursar.wallet.bench;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.devnet.lightning.LndNode;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.GuardedWallet;
import dev.bursar.wallet.PaymentIntent;
import dev.bursar.wallet.PaymentTarget;
import dev.bursar.wallet.SpendResult;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.FileSpendJournal;
import dev.bursar.wallet.journal.SpendLedger;
import dev.bursar.wallet.value.BitcoinNetwork;
import dev.bursar.wallet.lightning.LightningWallet;
import dev.bursar.wallet.lightning.LndConnection;
import dev.bursar.wallet.policy.PaymentPolicy;
import org.lightningj.lnd.wrapper.message.Payment;
import org.lightningj.lnd.wrapper.router.message.SendPaymentRequest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lightning payments per second alice→bob over the devnet channel: through GuardedWallet (quote with DecodePayReq,
 * policy, journal with fsync, TrackPaymentV2 duplicate check, SendPaymentV2) against bare lightningj
 * {@code SendPaymentV2} calls on the same invoices' twins, same concurrency, same run.
 * Usage: LightningThroughputBench [payments per side, default 100] [callers, default 4] [rounds, default 2].
 */
public final class LightningThroughputBench {

    private LightningThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        try (Devnet devnet = Devnet.builder().build().ensure(Component.LIGHTNING)) {
            LndNode aliceNode = devnet.lightning().alice();
            LndConnection aliceConnection = connect(aliceNode);
            LightningWallet alice = LightningWallet.builder().connection(aliceConnection).network(BitcoinNetwork.REGTEST).build();
            LightningWallet bob = LightningWallet.builder().connection(connect(devnet.lightning().bob())).network(BitcoinNetwork.REGTEST).build();
            Path dir = Files.createTempDirectory("bursar-ln-bench-");
            try (SpendLedger ledger = SpendLedger.open(FileSpendJournal.open(dir.resolve("journal.log")))) {
                GuardedWallet guarded = GuardedWallet.builder().agentId("bench").wallet(alice).ledger(ledger)
                        .policy(PaymentPolicy.builder().maxPerTransaction(Amount.of(alice.asset(), "100")).build()).build();
                System.out.printf("Lightning payments/s alice->bob, %d payments per side, %d callers%n", n, callers);
                double bestBare = 0;
                double bestGuarded = 0;
                for (int round = 1; round <= rounds; round++) {
                    List<String> bareInvoices = invoices(bob, n);
                    List<String> guardedInvoices = invoices(bob, n);
                    double bare = timed(callers, bareInvoices, invoice -> {
                        SendPaymentRequest request = new SendPaymentRequest();
                        request.setPaymentRequest(invoice);
                        request.setTimeoutSeconds(60);
                        request.setFeeLimitSat(10L);
                        request.setNoInflightUpdates(true);
                        Iterator<Payment> updates = aliceConnection.router().sendPaymentV2(request);
                        Payment last = null;
                        while (updates.hasNext()) {
                            last = updates.next();
                        }
                        return last != null && last.getApiObject().getStatusValue() == 2;
                    });
                    int r = round;
                    AtomicInteger keys = new AtomicInteger();
                    double viaWallet = timed(callers, guardedInvoices, invoice -> {
                        SpendResult result = guarded.pay(new PaymentIntent("bench", new PaymentTarget.LightningInvoice(invoice),
                                Amount.of(alice.asset(), "10"), "bench", "r" + r + "-" + keys.incrementAndGet()));
                        return result.state() == EntryState.SUCCEEDED;
                    });
                    bestBare = Math.max(bestBare, bare);
                    bestGuarded = Math.max(bestGuarded, viaWallet);
                    System.out.printf("round %d: bare lightningj %.1f payments/s, guarded %.1f payments/s, ratio %.2f%n",
                            round, bare, viaWallet, viaWallet / bare);
                }
                System.out.printf("best: bare %.1f/s, guarded %.1f/s, ratio %.2f%n", bestBare, bestGuarded, bestGuarded / bestBare);
            }
        }
        System.exit(0);
    }

    private static LndConnection connect(LndNode node) {
        return LndConnection.builder().host(node.grpcHost()).port(node.grpcPort()).tlsCert(node.tlsCert())
                .macaroon(node.adminMacaroon()).build();
    }

    private static List<String> invoices(LightningWallet bob, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(bob.createInvoice(Amount.of(bob.asset(), "10"), "bench " + i, Duration.ofMinutes(30)).bolt11());
        }
        return out;
    }

    interface Payer {
        boolean pay(String invoice) throws Exception;
    }

    private static double timed(int callers, List<String> invoices, Payer payer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < invoices.size()) {
                    try {
                        if (!payer.pay(invoices.get(i))) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                        System.err.println("payment failed: " + e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " of " + invoices.size() + " payments failed");
        }
        return invoices.size() / seconds;
    }
}
