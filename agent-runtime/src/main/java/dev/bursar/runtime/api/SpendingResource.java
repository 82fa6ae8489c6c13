package dev.bursar.runtime.api;

import dev.bursar.runtime.agent.AgentDefinition;
import dev.bursar.runtime.agent.RunningAgent;
import dev.bursar.wallet.Amount;
import dev.bursar.wallet.InvalidInputException;
import dev.bursar.wallet.journal.EntryState;
import dev.bursar.wallet.journal.LedgerEntry;
import dev.bursar.wallet.journal.SpendLedger;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where an agent's money went, for its owner's console: its payments (newest first, filtered by state or asset) and, for
 * each budget of its policy, what it committed in the window against the cap (the worst-case fee included, as the policy
 * counts it).
 */
@Path("/api/agents/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class SpendingResource {

    private static final int MAX_LIMIT = 500;

    @Inject
    AgentAccess access;

    @Inject
    SpendLedger ledger;

    private final Clock clock = Clock.systemUTC();

    /** One payment as its owner reads it. */
    public record Payment(String id, String createdAt, String state, String amount, String asset, String maxFee, String recipient,
                          String purpose, String reason, String reference) {
    }

    /** One budget: its window, its cap, what was committed in the window ({@code spent}), and the share used in percent. */
    public record BudgetUse(String window, String cap, String spent, int percent) {
    }

    @GET
    @Path("payments")
    public List<Payment> payments(@PathParam("id") String id, @QueryParam("limit") Integer limit, @QueryParam("state") String state,
                                  @QueryParam("asset") String asset) {
        RunningAgent agent = access.agent(id);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw new BadRequestException("limit is 1 to " + MAX_LIMIT);
        }
        EntryState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = EntryState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("state is one of " + java.util.Arrays.toString(EntryState.values()) + ", not '" + state + "'");
            }
        }
        List<Payment> out = new ArrayList<>();
        for (LedgerEntry e : agent.wallet().history(MAX_LIMIT)) {
            if (wanted != null && e.state() != wanted) {
                continue;
            }
            if (asset != null && !asset.isBlank() && !e.intent().amount().asset().symbol().equalsIgnoreCase(asset.strip())) {
                continue;
            }
            out.add(new Payment(e.id(), e.createdAt().toString(), e.state().name(), e.intent().amount().toString(),
                    e.intent().amount().asset().symbol(), e.maxFee().map(Amount::toString).orElse(null), e.recipient(),
                    e.intent().purpose(), e.reason(), e.outcome().map(o -> o.reference()).orElse(null)));
            if (out.size() == n) {
                break;
            }
        }
        return out;
    }

    @GET
    @Path("budgets")
    public List<BudgetUse> budgets(@PathParam("id") String id) {
        RunningAgent agent = access.agent(id);
        AgentDefinition.Policy policy = agent.definition().policy();
        List<BudgetUse> out = new ArrayList<>();
        Instant now = clock.instant();
        for (AgentDefinition.Budget b : policy.budgets().orElse(List.of())) {
            Amount cap;
            try {
                cap = Amount.parse(b.cap(), agent.assets());
            } catch (InvalidInputException e) {
                continue; // the agent would not have been built with a bad cap
            }
            Amount spent = ledger.committedSince(agent.id(), cap.asset(), now.minus(b.window()));
            int percent = cap.units().signum() == 0 ? 100
                    : spent.units().multiply(java.math.BigInteger.valueOf(100)).divide(cap.units()).min(java.math.BigInteger.valueOf(100)).intValue();
            out.add(new BudgetUse(window(b.window()), cap.toString(), spent.toString(), percent));
        }
        return out;
    }

    /** What left the wallet in one asset per UTC day, oldest first; {@code percent} is the bar's height against the top day. */
    public record SpendingSeries(String asset, List<SpendingDay> days) {
    }

    /** One day of a series: the exact amount paid, how many payments, and the day's share of the busiest day in percent. */
    public record SpendingDay(String date, String paid, int payments, int percent) {
    }

    /**
     * The agent's SUCCEEDED payments per asset and UTC day over the last {@code days} days (default 14, at most 90),
     * from its newest {@value #CHART_ENTRIES} journal entries: the console's spend chart. Sums are exact base units.
     */
    @GET
    @Path("spending")
    public List<SpendingSeries> spending(@PathParam("id") String id, @QueryParam("days") Integer days) {
        RunningAgent agent = access.agent(id);
        int n = days == null ? 14 : days;
        if (n < 1 || n > 90) {
            throw new BadRequestException("days is 1 to 90");
        }
        java.time.LocalDate today = java.time.LocalDate.now(clock);
        java.time.LocalDate first = today.minusDays(n - 1);
        java.util.Map<dev.bursar.wallet.Asset, java.util.TreeMap<java.time.LocalDate, Amount>> paid = new java.util.LinkedHashMap<>();
        java.util.Map<dev.bursar.wallet.Asset, java.util.Map<java.time.LocalDate, Integer>> counts = new java.util.HashMap<>();
        for (LedgerEntry e : agent.wallet().history(CHART_ENTRIES)) {
            java.time.LocalDate day = e.createdAt().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            if (e.state() != EntryState.SUCCEEDED || day.isBefore(first)) {
                continue;
            }
            Amount amount = e.intent().amount();
            paid.computeIfAbsent(amount.asset(), a -> new java.util.TreeMap<>()).merge(day, amount, Amount::plus);
            counts.computeIfAbsent(amount.asset(), a -> new java.util.HashMap<>()).merge(day, 1, Integer::sum);
        }
        List<SpendingSeries> out = new ArrayList<>();
        paid.forEach((asset, byDay) -> {
            java.math.BigInteger top = byDay.values().stream().map(Amount::units).max(java.math.BigInteger::compareTo).orElse(java.math.BigInteger.ONE);
            List<SpendingDay> series = new ArrayList<>();
            for (java.time.LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
                Amount a = byDay.getOrDefault(d, Amount.ofUnits(asset, 0));
                int percent = top.signum() == 0 ? 0 : a.units().multiply(java.math.BigInteger.valueOf(100)).divide(top).intValue();
                series.add(new SpendingDay(d.toString(), a.toString(), counts.get(asset).getOrDefault(d, 0), percent));
            }
            out.add(new SpendingSeries(asset.symbol(), series));
        });
        return out;
    }

    private static final int CHART_ENTRIES = 5000;

    private static String window(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() == 1 ? "24 h" : d.toDays() + " days";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " h";
        }
        return d.toMinutes() + " min";
    }
}
