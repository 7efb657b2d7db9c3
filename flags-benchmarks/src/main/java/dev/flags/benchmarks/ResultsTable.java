package dev.flags.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Turns JMH's JSON result file into the markdown of RESULTS.md: one table per workload with every
 * library's time, allocation and ratio to this library measured in the same run, the other
 * benchmarks, the targets with their figures, and the checks' report.
 *
 * <p>Usage: {@code ResultsTable <jmh.json> <checks.md> <RESULTS.md> <jmh options>}.
 */
public final class ResultsTable {

    /** One benchmark's result. */
    record Result(
            String library,
            String method,
            String params,
            double score,
            double error,
            String unit,
            double median,
            double bytesPerOp) {

        /** The median iteration when JMH reported one, else the mean: robust to one disturbed iteration. */
        double typical() {
            return Double.isNaN(median) ? score : median;
        }

        String time() {
            return String.format(Locale.ROOT, "%s ± %s", fmt(score), fmt(error));
        }

        String bytes() {
            return Double.isNaN(bytesPerOp) ? "n/a" : String.format(Locale.ROOT, "%.0f", bytesPerOp);
        }
    }

    static final Map<String, String> LIBRARIES = new LinkedHashMap<>();
    /** What each row was given: where its definitions came from, its keys and its contexts. */
    static final Map<String, String> INPUTS = new LinkedHashMap<>();

    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();
    static final Map<String, Map<String, String>> CANNOT = new LinkedHashMap<>();
    /** Peers whose rollouts are sticky (same user, same answer) and are engines with a rule language. */
    static final List<String> STICKY_PEERS = List.of("LaunchDarklyBench", "UnleashBench", "FlagdBench", "TogglzBench");

    static {
        LIBRARIES.put("FlagsBench", "**flags** (FlagManager, definitions from YAML)");
        LIBRARIES.put(
                "FlagsIdentityBench", "flags, identity case (definitions in code, same String objects; flatters)");
        LIBRARIES.put("ProviderBench", "flags provider via OpenFeature Client");
        LIBRARIES.put("PlainJavaBench", "plain Java (floor)");
        LIBRARIES.put("OpenFeatureInMemoryBench", "OpenFeature InMemoryProvider");
        LIBRARIES.put("LaunchDarklyBench", "LaunchDarkly (file data)");
        LIBRARIES.put("UnleashBench", "Unleash (bootstrapped)");
        LIBRARIES.put("FlagdBench", "flagd in-process (offline file)");
        LIBRARIES.put("TogglzBench", "Togglz");
        INPUTS.put(
                "FlagsBench",
                "`workloads.yml`/`bulk.yml` read by `DefinitionsReader`; literal keys at the call site; contexts built"
                        + " ahead with a country made at run time (never the parser's or a literal's object)");
        INPUTS.put(
                "FlagsIdentityBench",
                "the same flags built in code from the call sites' literals; contexts holding those literals");
        INPUTS.put(
                "ProviderBench",
                "`workloads.yml` and `bulk.yml`; `ImmutableContext` with targeting key and a run-time country `Value`");
        INPUTS.put(
                "PlainJavaBench",
                "hand-written: a `HashMap` of flag records keyed by the call sites' literals, the same murmur3 bucket");
        INPUTS.put(
                "OpenFeatureInMemoryBench",
                "`Flag` objects in code; W2/W3 `ContextEvaluator` callbacks with the floor's code; the provider's"
                        + " contexts");
        INPUTS.put("LaunchDarklyBench", "its file data source (JSON in its own format); `LDContext` per user");
        INPUTS.put("UnleashBench", "a bootstrapped toggles document in its own format; `UnleashContext` per user");
        INPUTS.put("FlagdBench", "an offline flagd JSON file (in-process resolver); the provider's contexts");
        INPUTS.put("TogglzBench", "`FeatureState`s in an in-memory repository; `SimpleFeatureUser` per user");
        INPUTS.put("ScaleBench", "W2 in a snapshot of `flagCount` flags with 10 rules each, YAML-read W2");
        INPUTS.put("ReloadBench", "W2 from YAML while a thread publishes a new 56-flag snapshot `reloadsPerSecond`");
        INPUTS.put(
                "AspectBench", "a Spring bean method on W1 behind `@FeatureToggle`, a trivial `@Around`, or no proxy");
        INPUTS.put(
                "SpringPathBench",
                "the starter with Micrometer metrics (latency timer on, `SimpleMeterRegistry`); YAML definitions;"
                        + " `InRequest`: the request filter's memo in `RequestContextHolder`");
        INPUTS.put("CacheBench", "a warm result cache in front of the engine, never invalidated (flatters it)");
        INPUTS.put("LoadBench", "validating and compiling 10,000 flags with 10 rules each");
        WORKLOADS.put("w1Simple", "W1 simple: boolean on for everyone");
        WORKLOADS.put("w2Targeted", "W2 targeted rollout: country in {DE, FR, NL}, 25% of them");
        WORKLOADS.put("w3Variants", "W3 variants: string split 50/25/25");
        WORKLOADS.put("w4Heavy", "W4 heavy: two levels of prerequisites, 20 rules, match in the last");
        WORKLOADS.put("w5Bulk", "W5 bulk: all of 50 flags for one context");
        CANNOT.put(
                "OpenFeatureInMemoryBench",
                Map.of(
                        "w4Heavy", "cannot express: no prerequisites or rules (only a code callback)",
                        "w5Bulk", "cannot express: no rules and no bulk evaluation"));
        CANNOT.put("UnleashBench", Map.of("w4Heavy", "cannot express: dependent features are one level deep"));
        CANNOT.put("FlagdBench", Map.of("w4Heavy", "cannot express: no prerequisites"));
        CANNOT.put(
                "TogglzBench",
                Map.of(
                        "w3Variants", "cannot express: no variants",
                        "w4Heavy", "cannot express: no prerequisites, one strategy per feature"));
    }

    private ResultsTable() {}

    /**
     * Writes the table.
     *
     * @param args JMH's JSON results (several files separated by commas, one JMH run each), the
     *     checks' markdown, the output file and the JMH options to name in the header
     */
    public static void main(String[] args) throws IOException {
        Path checks = Path.of(args[1]);
        Path out = Path.of(args[2]);
        String options = args.length > 3 ? args[3] : "";
        List<Result> results = new ArrayList<>();
        for (String json : args[0].split(",")) {
            results.addAll(read(Files.readString(Path.of(json))));
        }
        String checksText = Files.exists(checks) ? Files.readString(checks) : "(checks were not run)\n";
        Files.writeString(out, render(results, checksText, options));
        System.out.println("Wrote " + out);
    }

    static List<Result> read(String text) {
        List<Result> results = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(text)) {
            Map<?, ?> run = (Map<?, ?>) o;
            String benchmark = (String) run.get("benchmark");
            String[] parts = benchmark.split("\\.");
            String library = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            StringBuilder params = new StringBuilder();
            if (run.get("params") instanceof Map<?, ?> p) {
                new TreeMap<>(p)
                        .forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ")
                                .append(k)
                                .append('=')
                                .append(v));
            }
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            double median = Double.NaN;
            if (primary.get("scorePercentiles") instanceof Map<?, ?> percentiles && percentiles.get("50.0") != null) {
                median = number(percentiles.get("50.0"));
            }
            double bytes = Double.NaN;
            if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (Map.Entry<?, ?> e : secondary.entrySet()) {
                    if (((String) e.getKey()).endsWith("gc.alloc.rate.norm")) {
                        bytes = number(((Map<?, ?>) e.getValue()).get("score"));
                    }
                }
            }
            results.add(new Result(
                    library,
                    method,
                    params.toString(),
                    number(primary.get("score")),
                    number(primary.get("scoreError")),
                    (String) primary.get("scoreUnit"),
                    median,
                    bytes));
        }
        return results;
    }

    /** JMH writes numbers, and "NaN" as a string. */
    private static double number(@Nullable Object value) {
        if (value instanceof Double d) {
            return d;
        }
        return value instanceof String s ? Double.parseDouble(s) : Double.NaN;
    }

    static String render(List<Result> results, String checks, String options) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        md.append("Produced by `flags-benchmarks/run.sh` (JMH ")
                .append(options.isBlank() ? "" : "`" + options + "`")
                .append(") on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append(String.format(
                        Locale.ROOT,
                        ", load average %.2f when the table was written",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(". The machine is shared: other builds may have been running, so compare ratios within ")
                .append("this run rather than absolute times across runs. Time is the mean ± the 99.9% error over the ")
                .append("measurement iterations, with the median iteration beside it; B/op is `gc.alloc.rate.norm`; ")
                .append("ratios (here and in the targets) are of medians, which one disturbed iteration cannot move: ")
                .append("the library's median over this library's for the same workload (above 1 means slower than ")
                .append("flags).\n\n");
        md.append("Versions: ").append(versions()).append("\n\n");

        md.append("## Summary: median ns/op (ratio to flags)\n\n| workload |");
        for (String library : LIBRARIES.values()) {
            md.append(' ').append(library).append(" |");
        }
        md.append("\n| --- |");
        md.append(" ---: |".repeat(LIBRARIES.size()));
        md.append('\n');
        for (Map.Entry<String, String> workload : WORKLOADS.entrySet()) {
            String method = workload.getKey();
            Result ours = find(results, "FlagsBench", method, "");
            md.append("| ").append(label(method)).append(" |");
            for (String library : LIBRARIES.keySet()) {
                Result r = find(results, library, method, "");
                if (r == null) {
                    md.append(CANNOT.getOrDefault(library, Map.of()).containsKey(method) ? " cannot express |" : " |");
                } else if (library.equals("FlagsBench") || ours == null) {
                    md.append(' ').append(fmt(r.typical())).append(" |");
                } else {
                    md.append(' ')
                            .append(fmt(r.typical()))
                            .append(" (")
                            .append(ratio(r.typical() / ours.typical()))
                            .append(") |");
                }
            }
            md.append('\n');
        }
        md.append('\n');

        for (Map.Entry<String, String> workload : WORKLOADS.entrySet()) {
            String method = workload.getKey();
            Result ours = find(results, "FlagsBench", method, "");
            md.append("## ").append(workload.getValue()).append("\n\n");
            md.append("| library | ns/op | median | B/op | ratio to flags | inputs |\n"
                    + "| --- | ---: | ---: | ---: | ---: | --- |\n");
            for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
                Result r = find(results, library.getKey(), method, "");
                String cannot = CANNOT.getOrDefault(library.getKey(), Map.of()).get(method);
                if (r != null) {
                    md.append("| ")
                            .append(library.getValue())
                            .append(note(library.getKey(), method))
                            .append(" | ")
                            .append(r.time())
                            .append(" | ")
                            .append(fmt(r.median))
                            .append(" | ")
                            .append(r.bytes())
                            .append(" | ")
                            .append(ours == null ? "n/a" : ratio(r.typical() / ours.typical()))
                            .append(" | ")
                            .append(INPUTS.getOrDefault(library.getKey(), ""))
                            .append(" |\n");
                } else if (cannot != null) {
                    md.append("| ")
                            .append(library.getValue())
                            .append(" | ")
                            .append(cannot)
                            .append(" | | | | |\n");
                }
            }
            md.append('\n');
        }

        md.append("¹ InMemoryProvider has no rule language: W2 and W3 are a hand-written `ContextEvaluator` (the ")
                .append(
                        "floor's code) run inside the OpenFeature client, so they measure the client around plain Java. ")
                .append(
                        "² Togglz has one strategy per feature: W2 is a small custom strategy (the country check, then ")
                .append("Togglz's own gradual strategy, which buckets by the user name's `hashCode`).\n\n");
        md.append("## Scale, reload, result cache and call paths\n\n");
        md.append("| benchmark | params | time | median | B/op | inputs |\n| --- | --- | ---: | ---: | ---: | --- |\n");
        for (Result r : results) {
            if (!LIBRARIES.containsKey(r.library)) {
                md.append("| ")
                        .append(r.library)
                        .append('.')
                        .append(r.method)
                        .append(" | ")
                        .append(r.params)
                        .append(" | ")
                        .append(r.time())
                        .append(' ')
                        .append(r.unit)
                        .append(" | ")
                        .append(fmt(r.median))
                        .append(" | ")
                        .append(r.bytes())
                        .append(" | ")
                        .append(INPUTS.getOrDefault(r.library, ""))
                        .append(" |\n");
            }
        }
        md.append('\n');

        md.append("## Targets\n\n| target | figure | met |\n| --- | --- | --- |\n");
        for (String method : List.of("w1Simple", "w2Targeted", "w3Variants")) {
            Result r = find(results, "FlagsBench", method, "");
            target(
                    md,
                    "FlagManager " + label(method) + ": 0 B/op",
                    r == null ? null : r.bytes() + " B/op",
                    r == null ? null : r.bytesPerOp < 1);
        }
        for (String method : List.of("w2Targeted", "w3Variants")) {
            Result r = find(results, "FlagsBench", method, "");
            Result floor = find(results, "PlainJavaBench", method, "");
            Double q = r == null || floor == null ? null : r.typical() / floor.typical();
            target(
                    md,
                    label(method) + " within 1.5x of the plain-Java floor",
                    q == null ? null : ratio(q) + " of the floor",
                    q == null ? null : q <= 1.5);
            Result fastest = fastest(results, method, STICKY_PEERS::contains);
            Double f = r == null || fastest == null ? null : fastest.typical() / r.typical();
            target(
                    md,
                    label(method)
                            + " at least 3x faster than the fastest sticky peer (LaunchDarkly, Unleash, flagd, Togglz)",
                    f == null ? null : LIBRARIES.get(fastest.library) + " takes " + ratio(f),
                    f == null ? null : f >= 3);
        }
        for (String method : WORKLOADS.keySet()) {
            Result r = find(results, "FlagsBench", method, "");
            Result fastest = fastest(results, method, ResultsTable::isPeer);
            Double f = r == null || fastest == null ? null : fastest.typical() / r.typical();
            target(
                    md,
                    label(method) + " ahead of every peer that can express it"
                            + (method.equals("w1Simple") ? " (Togglz included)" : ""),
                    f == null ? null : "fastest peer " + LIBRARIES.get(fastest.library) + " takes " + ratio(f),
                    f == null ? null : f > 1);
        }
        Result small = find(results, "ScaleBench", "w2Targeted", "flagCount=10");
        Result large = find(results, "ScaleBench", "w2Targeted", "flagCount=10000");
        Double scale = small == null || large == null ? null : large.typical() / small.typical();
        target(
                md,
                "W2 on 10,000 flags within 1.2x of 10 flags",
                scale == null ? null : ratio(scale),
                scale == null ? null : scale <= 1.2);
        Result quiet = find(results, "ReloadBench", "w2Targeted", "reloadsPerSecond=0");
        Result busy = find(results, "ReloadBench", "w2Targeted", "reloadsPerSecond=10");
        Double loss = quiet == null || busy == null ? null : 1 - quiet.typical() / busy.typical();
        target(
                md,
                "10 reloads a second cost W2 readers under 10% throughput",
                loss == null
                        ? null
                        : String.format(
                                Locale.ROOT,
                                "%s ns with reloads, %s ns without: %.1f%% %s throughput",
                                fmt(busy.typical()),
                                fmt(quiet.typical()),
                                100 * Math.abs(loss),
                                loss >= 0 ? "less" : "more (noise)"),
                loss == null ? null : loss < 0.10);
        for (String method : List.of("w2WithMetrics", "w3WithMetrics")) {
            Result r = find(results, "SpringPathBench", method, "");
            Result plain = find(results, "FlagsBench", method.replace("WithMetrics", "") + suffix(method), "");
            target(
                    md,
                    "FlagManager " + method.substring(0, 2).toUpperCase(Locale.ROOT)
                            + " with Micrometer metrics on (counter and latency timer): 0 B/op",
                    r == null
                            ? null
                            : r.bytes() + " B/op, " + fmt(r.typical()) + " ns"
                                    + (plain == null ? "" : " against " + fmt(plain.typical()) + " ns without metrics"),
                    r == null ? null : r.bytesPerOp < 1);
        }
        Result toggleMetrics = find(results, "SpringPathBench", "featureToggleWithMetrics", "");
        Result trivialAspect = find(results, "AspectBench", "trivialAspect", "");
        target(
                md,
                "@FeatureToggle with metrics on allocates no more than a trivial @Around aspect (Spring AOP's own)",
                toggleMetrics == null || trivialAspect == null
                        ? null
                        : toggleMetrics.bytes() + " against " + trivialAspect.bytes() + " B/op",
                toggleMetrics == null || trivialAspect == null
                        ? null
                        : toggleMetrics.bytesPerOp <= trivialAspect.bytesPerOp + 0.5);
        Result toggle = find(results, "AspectBench", "featureToggle", "");
        Result trivial = find(results, "AspectBench", "trivialAspect", "");
        Double aspect = toggle == null || trivial == null ? null : toggle.typical() / trivial.typical();
        target(
                md,
                "@FeatureToggle within 1.5x of a trivial @Around aspect",
                aspect == null ? null : ratio(aspect),
                aspect == null ? null : aspect <= 1.5);
        for (String method : List.of("w1Simple", "w2Targeted", "w3Variants")) {
            Result provider = find(results, "ProviderBench", method, "");
            Result inMemory = find(results, "OpenFeatureInMemoryBench", method, "");
            Double p = provider == null || inMemory == null ? null : provider.typical() / inMemory.typical();
            target(
                    md,
                    "our provider via the OpenFeature Client within 1.2x of InMemoryProvider on " + label(method),
                    p == null ? null : ratio(p),
                    p == null ? null : p <= 1.2);
            target(
                    md,
                    "our provider via the OpenFeature Client allocates no more than InMemoryProvider on "
                            + label(method),
                    provider == null || inMemory == null
                            ? null
                            : provider.bytes() + " against " + inMemory.bytes() + " B/op",
                    provider == null || inMemory == null ? null : provider.bytesPerOp <= inMemory.bytesPerOp + 0.5);
        }
        md.append('\n');
        md.append(checks);
        return md.toString();
    }

    /** A library other than this one, its identity row, its provider and the plain-Java floor. */
    private static boolean isPeer(String library) {
        return !library.startsWith("Flags") && !library.equals("PlainJavaBench") && !library.equals("ProviderBench");
    }

    /** The FlagsBench method of the same workload: w2WithMetrics is w2Targeted. */
    private static String suffix(String method) {
        return method.startsWith("w2") ? "Targeted" : "Variants";
    }

    private static String note(String library, String method) {
        if (library.equals("OpenFeatureInMemoryBench") && !method.equals("w1Simple")) {
            return " ¹";
        }
        if (library.equals("TogglzBench") && method.equals("w2Targeted")) {
            return " ²";
        }
        return "";
    }

    private static String label(String method) {
        return WORKLOADS.get(method).substring(0, 2);
    }

    private static void target(StringBuilder md, String target, @Nullable String figure, @Nullable Boolean met) {
        md.append("| ")
                .append(target)
                .append(" | ")
                .append(figure == null ? "not measured" : figure)
                .append(" | ")
                .append(met == null ? "not measured" : met ? "yes" : "**no**")
                .append(" |\n");
    }

    private static @Nullable Result fastest(List<Result> results, String method, Predicate<String> library) {
        Result best = null;
        for (Result r : results) {
            if (r.method.equals(method)
                    && r.params.isEmpty()
                    && LIBRARIES.containsKey(r.library)
                    && library.test(r.library)
                    && (best == null || r.typical() < best.typical())) {
                best = r;
            }
        }
        return best;
    }

    private static @Nullable Result find(List<Result> results, String library, String method, String params) {
        for (Result r : results) {
            if (r.library.equals(library) && r.method.equals(method) && r.params.equals(params)) {
                return r;
            }
        }
        return null;
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String versions() {
        Properties properties = new Properties();
        try (InputStream in = ResultsTable.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return "unknown";
        }
        StringBuilder s = new StringBuilder();
        new TreeMap<>(properties)
                .forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(' ')
                        .append(v));
        return s.toString();
    }
}
