package dev.flags.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link PropagationBench}'s JMH results as a markdown table: per channel and fleet size, the
 * number of propagations sampled, their p50, p99 and max in milliseconds, and whether the goal is
 * met (p99 under 1 s with a push channel; under the 1 s polling interval plus 200 ms without); then,
 * given {@link FollowerReadsBench}'s results too, the readers' throughput while the instance applies
 * changes against none.
 */
public final class PropagationTable {

    private PropagationTable() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[1]);
        String options = args.length > 2 ? args[2] : "";
        StringBuilder md = new StringBuilder();
        if (args[0].equals("-")) {
            // The readers' run alone: the latency part of the page (figures and notes) stays as it is.
            String page = Files.readString(out);
            int readers = page.indexOf(READERS);
            md.append(readers < 0 ? page.stripTrailing() + "\n" : page.substring(0, readers));
        } else {
            latency(md, Path.of(args[0]), options);
        }
        if (args.length > 3 && Files.exists(Path.of(args[3]))) {
            readers(md, Path.of(args[3]), args.length > 4 ? args[4] : "");
            if (args.length > 5 && Files.exists(Path.of(args[5]))) {
                followerCpu(md, Path.of(args[5]));
            }
        }
        Files.writeString(out, md.toString());
        System.out.println("Wrote " + out);
    }

    private static final String READERS = "\n## Readers on an instance that is applying changes";

    private static void latency(StringBuilder md, Path json, String options) throws Exception {
        md.append("# Propagation latency\n\n")
                .append("Produced by `flags-benchmarks/run-propagation.sh` (JMH sample time, `")
                .append(options)
                .append("`) on ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.version"))
                .append(". From the commit of a write on one instance to the swap of the snapshot on the")
                .append(" last of the others; every instance has its own pool, store object, follower and")
                .append(" engine on PostgreSQL 127.0.0.1:5432, and polls every second (20% jitter) besides its")
                .append(" push channel. The machine is shared with other builds.\n\n")
                .append("| channel | instances | samples | p50 ms | p99 ms | max ms | goal |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Object o : (List<?>) Json.parse(Files.readString(json))) {
            Map<?, ?> run = (Map<?, ?>) o;
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            Map<?, ?> percentiles = (Map<?, ?>) primary.get("scorePercentiles");
            String channel = String.valueOf(params.get("channel"));
            double p99 = number(percentiles.get("99.0"));
            double goal = channel.equals("polling") ? 1200 : 1000;
            md.append("| ")
                    .append(channel)
                    .append(" | ")
                    .append(params.get("instances"))
                    .append(" | ")
                    .append(samples(primary.get("rawDataHistogram")))
                    .append(" | ")
                    .append(format(number(percentiles.get("50.0"))))
                    .append(" | ")
                    .append(format(p99))
                    .append(" | ")
                    .append(format(number(percentiles.get("100.0"))))
                    .append(" | ")
                    .append(p99 < goal ? "met" : "missed")
                    .append(" (p99 < ")
                    .append((long) goal)
                    .append(" ms) |\n");
        }
    }

    /**
     * {@link FollowerReadsBench}: reader throughput with the other instance writing against none, in
     * one run, and whether the readers keep at least 90% of it.
     */
    private static void readers(StringBuilder md, Path json, String options) throws Exception {
        md.append(READERS)
                .append("\n\n")
                .append("Produced by the same script (`FollowerReadsBench`, JMH throughput, `")
                .append(options)
                .append("`): W2 evaluated by one reader thread per CPU on an instance that follows the")
                .append(" PostgreSQL store (its own pool, NOTIFY, polling every second) while another instance")
                .append(" commits changes to it at a steady rate; each change is a catch-up, a validation and")
                .append(" compile of the 56-flag snapshot and a swap on the follower's thread. Ratio against")
                .append(" the same readers with no writes, in one run. Goal: at least 90%.\n\n")
                .append("| writes/s | readers ops/µs | ± | of no writes | goal |\n")
                .append("| ---: | ---: | ---: | ---: | --- |\n");
        double baseline = Double.NaN;
        List<?> runs = (List<?>) Json.parse(Files.readString(json));
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            if ("0".equals(String.valueOf(params.get("writesPerSecond")))) {
                baseline = number(((Map<?, ?>) run.get("primaryMetric")).get("score"));
            }
        }
        for (Object o : runs) {
            Map<?, ?> run = (Map<?, ?>) o;
            Map<?, ?> params = (Map<?, ?>) run.get("params");
            Map<?, ?> primary = (Map<?, ?>) run.get("primaryMetric");
            double score = number(primary.get("score"));
            double ratio = score / baseline;
            boolean quiet = "0".equals(String.valueOf(params.get("writesPerSecond")));
            md.append("| ")
                    .append(params.get("writesPerSecond"))
                    .append(" | ")
                    .append(format(score))
                    .append(" | ")
                    .append(format(number(primary.get("scoreError"))))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * ratio))
                    .append(" | ")
                    .append(quiet ? "baseline" : ratio >= 0.9 ? "met (>= 90%)" : "missed (>= 90%)")
                    .append(" |\n");
        }
    }

    /**
     * The follower's own CPU time while it applied the other instance's changes, from the lines
     * {@link FollowerReadsBench} prints: what applying costs readers on an instance whose CPUs they
     * fill, without the writer's and PostgreSQL's share of this machine.
     */
    static void followerCpu(StringBuilder md, Path log) throws Exception {
        int cpus = Runtime.getRuntime().availableProcessors();
        StringBuilder rows = new StringBuilder();
        double baselineGc = 0;
        List<Map<String, Long>> runs = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(FollowerReadsBench.FOLLOWER_CPU);
            if (at < 0) {
                continue;
            }
            Map<String, Long> fields = new java.util.HashMap<>();
            for (String field : line.substring(at + FollowerReadsBench.FOLLOWER_CPU.length())
                    .trim()
                    .split(" ")) {
                String[] pair = field.split("=");
                fields.put(pair[0], Long.parseLong(pair[1]));
            }
            if (fields.get("writesPerSecond") == 0) {
                baselineGc = (double) fields.get("gcMillis") * 1e6 / fields.get("wallNanos");
            } else {
                runs.add(fields);
            }
        }
        for (Map<String, Long> fields : runs) {
            long writes = fields.get("writesPerSecond");
            long applied = fields.get("applied");
            double share = (double) fields.get("cpuNanos") / fields.get("wallNanos");
            // collections stop every reader; count only what they took beyond the run without writes
            double gc = Math.max(0, (double) fields.get("gcMillis") * 1e6 / fields.get("wallNanos") - baselineGc);
            double kept = 1 - share / cpus - gc;
            rows.append("| ")
                    .append(writes)
                    .append(" | ")
                    .append(applied)
                    .append(" | ")
                    .append(applied == 0 ? "–" : format(fields.get("cpuNanos") / 1e6 / applied))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * share))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f%%", 100 * gc))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * kept))
                    .append(" | ")
                    .append(kept >= 0.9 ? "met (>= 90%)" : "missed (>= 90%)")
                    .append(" |\n");
        }
        if (rows.length() == 0) {
            return;
        }
        md.append("\nThe follower's own cost, from the CPU clocks of the threads that apply the changes (the")
                .append(" follower's poller, which catches up, validates, compiles and swaps, and the `LISTEN`")
                .append(" thread) over the whole run: the readers' figure above also pays for the writing")
                .append(" instance and PostgreSQL, which share this machine and would not share a production")
                .append(" instance's CPUs. Readers that fill all ")
                .append(cpus)
                .append(" CPUs of an instance lose that CPU time, shared among the CPUs, and the garbage")
                .append(" collections the changes add beyond the run without writes (a collection stops every")
                .append(" reader); they keep the rest.\n\n")
                .append(
                        "| writes/s | changes applied | CPU ms per change | of one CPU | added GC time | readers keep | goal |\n")
                .append("| ---: | ---: | ---: | ---: | ---: | ---: | --- |\n")
                .append(rows);
    }

    /** The histogram is per fork, per iteration, a list of [value, count] pairs. */
    private static long samples(Object histogram) {
        long count = 0;
        if (histogram instanceof List<?> forks) {
            for (Object fork : forks) {
                for (Object iteration : (List<?>) fork) {
                    for (Object pair : (List<?>) iteration) {
                        count += (long) number(((List<?>) pair).get(1));
                    }
                }
            }
        }
        return count;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    private static String format(double millis) {
        return millis >= 100 ? String.format(Locale.ROOT, "%.0f", millis) : String.format(Locale.ROOT, "%.1f", millis);
    }
}
