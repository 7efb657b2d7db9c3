package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What run.sh checks before measuring, in one JVM, written as markdown for RESULTS.md: the heap
 * retained by 10,000 loaded flags, every library's distribution on the 1024 users (each benchmark's
 * setup runs that check), and the connections each library made to the loopback counter.
 *
 * <p>Usage: {@code Checks <out.md>}.
 */
public final class Checks {

    private Checks() {}

    /** A benchmark class's setup and teardown, run outside JMH. */
    interface Library {
        String name();

        void start() throws Exception;

        void stop() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append(retainedHeap());
        List<Library> libraries = new ArrayList<>();
        libraries.add(of("flags", new FlagsBench()::setUp, () -> {}));
        libraries.add(of("plain Java", new PlainJavaBench()::setUp, () -> {}));
        libraries.addAll(PeerList.LIBRARIES);
        Loopback loopback = Loopback.get();
        StringBuilder connections = new StringBuilder();
        connections.append("| library | connections to the loopback counter | requests |\n| --- | ---: | --- |\n");
        for (Library library : libraries) {
            int before = loopback.connections();
            int requestsBefore = loopback.requests().size();
            library.start();
            // Give background threads (pollers, event senders, registrations) time to try.
            Thread.sleep(3000);
            library.stop();
            Thread.sleep(500);
            List<String> requests = loopback.requests();
            connections
                    .append("| ")
                    .append(library.name())
                    .append(" | ")
                    .append(loopback.connections() - before)
                    .append(" | ")
                    .append(String.join("; ", requests.subList(requestsBefore, requests.size())))
                    .append(" |\n");
        }
        md.append("## Same distribution everywhere\n\n")
                .append("Checked on the 1024 users before measuring (each benchmark's setup fails otherwise): ")
                .append("W2 about 25% of DE/FR/NL users and nobody else, W3 about 50/25/25, W4 on for everyone. ")
                .append("\"same as flags\" counts the users who get exactly this library's answer. The floor and the ")
                .append("InMemoryProvider callback share our code and agree on every user. The peers bucket their own ")
                .append("way (LaunchDarkly SHA-1 of key, salt and user; Unleash murmur3 with its own seed over group ")
                .append("and user; Togglz the user name's `String.hashCode`; flagd's Java provider murmur3 over flag ")
                .append("and targeting key, mapped to buckets its own way), so they agree with us only in ")
                .append("proportion, but serve the same shares.\n\n")
                .append("| library | W2 on | W3 A / B / C | W4 on |\n| --- | --- | --- | --- |\n");
        for (String line : Distribution.REPORT) {
            md.append(line).append('\n');
        }
        md.append("\n## No network\n\n")
                .append("Every peer runs offline (file or bootstrap data, events, metrics and polling off) and any ")
                .append("service URL it takes points at a counter on 127.0.0.1 (")
                .append(loopback.url())
                .append(") that counts TCP connections. Each library was started, checked and left running ")
                .append("3 s; the connections it made:\n\n")
                .append(connections)
                .append('\n');
        Files.writeString(Path.of(args[0]), md.toString());
        System.out.println(md);
        System.exit(0); // some peers leave non-daemon threads behind
    }

    static Library of(String name, ThrowingRunnable start, ThrowingRunnable stop) {
        return new Library() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() throws Exception {
                stop.run();
            }
        };
    }

    /** Setup or teardown code. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Heap in use after full collections: the definitions model, then the manager holding them compiled. */
    static String retainedHeap() throws IOException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long base = usedAfterGc(memory);
        Definitions definitions = ScaleBench.definitions(ScaleBench.LARGE);
        long withDefinitions = usedAfterGc(memory);
        long start = System.nanoTime();
        InspectableFlagManager manager =
                FlagManager.builder().definitions(definitions).watch(false).build();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long withManager = usedAfterGc(memory);
        String md = String.format(
                Locale.ROOT,
                "## Retained heap of 10,000 flags with 10 rules each\n\n"
                        + "Heap in use after full collections (MemoryMXBean), in one JVM before the other checks:\n\n"
                        + "| what | retained |\n| --- | ---: |\n"
                        + "| definitions model (records) | %.1f MB |\n"
                        + "| compiled snapshot, on top of the model | %.1f MB |\n"
                        + "| manager in total (it keeps the model for `definitions()`) | %.1f MB (%.0f bytes per flag) |\n\n"
                        + "The first build in a cold JVM took %d ms; JMH's `LoadBench.loadAndCompile10k` below is warm.\n\n",
                mb(withDefinitions - base),
                mb(withManager - withDefinitions),
                mb(withManager - base),
                (double) (withManager - base) / ScaleBench.LARGE,
                millis);
        if (manager.definitions().flags().size() != ScaleBench.LARGE) {
            throw new IllegalStateException("expected " + ScaleBench.LARGE + " flags");
        }
        manager.close();
        return md;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
