package dev.flags.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link PropagationBench}'s JMH results as a markdown table: per channel and fleet size, the
 * number of propagations sampled, their p50, p99 and max in milliseconds, and whether the goal is
 * met (p99 under 1 s with a push channel; under the 1 s polling interval plus 200 ms without).
 */
public final class PropagationTable {

    private PropagationTable() {}

    public static void main(String[] args) throws Exception {
        Path json = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String options = args.length > 2 ? args[2] : "";
        StringBuilder md = new StringBuilder();
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
        Files.writeString(out, md.toString());
        System.out.println("Wrote " + out);
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
