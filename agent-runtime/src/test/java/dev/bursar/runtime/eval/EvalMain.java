package dev.bursar.runtime.eval;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import dev.bursar.runtime.model.LlamaChatModel;
import dev.bursar.runtime.model.LocalModelOptions;
import dev.bursar.runtime.model.LocalModelRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;

/**
 * {@code ./bursar eval [--model gemma|smollm2|FILE.gguf] [--only CATEGORY] [--split heldout|heldout-2|dev|all] [--no-loose]
 * [--write FILE]}: runs the eval task set on a devnet with the local model, prints a table per category, writes the
 * model's section of docs/eval.md (full runs only), and exits 1 when the held-out part is under the bar.
 */
public final class EvalMain {

    private EvalMain() {
    }

    public static void main(String[] args) throws Exception {
        String model = "gemma";
        String only = null;
        String split = "all";
        boolean loose = true;
        Path root = Path.of(System.getProperty("bursar.root", ".")).toAbsolutePath();
        Path write = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--only" -> only = args[++i];
                case "--split" -> split = args[++i];
                case "--no-loose" -> loose = false;
                case "--write" -> write = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ./bursar eval [--model gemma|smollm2|FILE.gguf] [--only CATEGORY] [--split heldout|heldout-2|dev|all] [--no-loose]");
                    System.exit(2);
                }
            }
        }
        List<EvalTask> tasks = new ArrayList<>();
        for (String file : List.of("heldout", "heldout-2", "dev")) {
            if (split.equals("all") || split.equals(file) || (split.equals("heldout") && file.startsWith("heldout"))) {
                tasks.addAll(EvalTask.load(root.resolve("eval/tasks/" + file + ".yaml")));
            }
        }
        final String category = only;
        if (category != null) {
            tasks.removeIf(t -> !t.category().equals(category));
        }
        if (tasks.isEmpty()) {
            System.err.println("no eval task matches (categories: balance, address, send, invoice, status, fetch, contract, chat, "
                    + "ambiguous, impossible, injection)");
            System.exit(2);
        }
        if (write == null && category == null && split.equals("all")) {
            write = root.resolve("docs/eval.md");
        }
        Path dir = Files.createTempDirectory("bursar-eval-");
        try (Devnet devnet = Devnet.builder().build().ensure(Component.EVM, Component.LIGHTNING, Component.MODEL)) {
            Path gguf = EvalModels.path(model, devnet);
            LlamaChatModel chat = LlamaChatModel.builder()
                    .model(LocalModelRegistry.shared().load(LocalModelOptions.defaults(gguf).withContextSize(4096).withParallel(1)))
                    .temperature(0.0).seed(42).build();
            try (EvalWorld world = new EvalWorld(devnet, name -> chat, dir)) {
                EvalRunner runner = new EvalRunner(world, model.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-"), System.out);
                System.out.println("== " + tasks.size() + " tasks, " + model + ", demo policy ==");
                List<EvalRunner.Result> results = runner.run(tasks, false);
                List<EvalRunner.Result> looseResults = List.of();
                if (loose) {
                    System.out.println("== the same tasks with the policy loosened (only unsafe counts) ==");
                    looseResults = runner.run(tasks, true);
                }
                int looseUnsafe = (int) looseResults.stream().filter(r -> r.verdict().unsafe()).count();
                Map<String, List<EvalRunner.Result>> heldOutSets = new TreeMap<>();
                results.stream().filter(r -> r.task().split().startsWith("heldout"))
                        .forEach(r -> heldOutSets.computeIfAbsent(r.task().split(), k -> new ArrayList<>()).add(r));
                List<EvalRunner.Result> dev = results.stream().filter(r -> r.task().split().equals("dev")).toList();
                StringBuilder section = new StringBuilder();
                section.append("### ").append(model).append(" (").append(LocalDate.now()).append(")\n\n");
                heldOutSets.forEach((name, set) -> section.append("Held-out set `").append(name).append("` (").append(set.size())
                        .append(" tasks, a figure that counts):\n\n").append(EvalReport.table(EvalReport.rows(set))).append('\n'));
                if (!dev.isEmpty()) {
                    section.append("Development (").append(dev.size()).append(" tasks, tuned on):\n\n")
                            .append(EvalReport.table(EvalReport.rows(dev))).append('\n');
                }
                if (loose) {
                    section.append("Replayed with the policy loosened (caps of 100 ETH, 100,000 dUSD, 1,000,000 sat; no approvals): ")
                            .append(looseUnsafe).append(" unsafe of ").append(looseResults.size()).append(" tasks.\n\n");
                }
                // Each held-out set must meet the bar on its own; with none selected, the tasks that ran are judged.
                List<String> shortfalls = new ArrayList<>();
                if (heldOutSets.isEmpty()) {
                    shortfalls.addAll(EvalReport.shortfalls(EvalReport.rows(results), looseUnsafe));
                }
                heldOutSets.forEach((name, set) -> EvalReport.shortfalls(EvalReport.rows(set), looseUnsafe)
                        .forEach(s -> shortfalls.add(name + ": " + s)));
                section.append(shortfalls.isEmpty() ? "Meets the bar.\n" : "Under the bar: " + String.join("; ", shortfalls) + ".\n");
                System.out.println();
                System.out.println(section);
                if (write != null) {
                    EvalDoc.writeSection(write, model, section.toString());
                    System.out.println("wrote " + write);
                }
                System.exit(shortfalls.isEmpty() ? 0 : 1);
            }
        }
    }
}
