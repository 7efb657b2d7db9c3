package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Bytes per evaluation through the OpenFeature {@code Client}, our provider against the SDK's
 * {@code InMemoryProvider} (as {@link OpenFeatureInMemoryBench} configures it), counted with the
 * JVM's per-thread allocation counter over a million calls after a warm-up: exact on any machine,
 * loaded or not, where JMH's {@code gc.alloc.rate.norm} at low throughput also counts the harness's
 * own allocations. Prints a markdown table.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.flags.benchmarks.ProviderAllocation}.
 */
public final class ProviderAllocation {

    private static final int WARM_UP = 300_000;
    private static final int CALLS = 1_000_000;

    private ProviderAllocation() {}

    public static void main(String[] args) throws Exception {
        System.out.println("| workload | flags provider (B/call) | InMemoryProvider (B/call) |");
        System.out.println("| --- | ---: | ---: |");
        for (Row row : measure()) {
            System.out.printf("| %s | %.1f | %.1f |%n", row.workload(), row.ours(), row.inMemory());
        }
    }

    /** Bytes per call of one workload, ours and {@code InMemoryProvider}'s, counted in this JVM. */
    record Row(String workload, double ours, double inMemory) {}

    /**
     * Counts W1, W2 and W3 through both providers, registered in the global {@code OpenFeatureAPI}
     * under their benchmarks' domains and shut down again; the rows that {@code main} prints and
     * {@code ProviderAllocationTests} checks.
     */
    static List<Row> measure() throws Exception {
        OpenFeatureInMemoryBench inMemory = new OpenFeatureInMemoryBench();
        inMemory.setUp();
        Client memory = OpenFeatureAPI.getInstance().getClient(OpenFeatureInMemoryBench.DOMAIN);
        InspectableFlagManager flags =
                FlagManager.builder().definitions(Workloads.main()).watch(false).build();
        FlagsProvider provider = FlagsProvider.of(flags);
        OpenFeatureAPI.getInstance().setProviderAndWait(ProviderBench.DOMAIN, provider);
        Client ours = OpenFeatureAPI.getInstance().getClient(ProviderBench.DOMAIN);
        EvaluationContext[] users = OpenFeatureInMemoryBench.contexts();
        try {
            return List.of(
                    row(
                            "W1",
                            i -> ours.getBooleanValue(Workloads.W1, false, users[i]),
                            i -> memory.getBooleanValue(Workloads.W1, false, users[i])),
                    row(
                            "W2",
                            i -> ours.getBooleanValue(Workloads.W2, false, users[i]),
                            i -> memory.getBooleanValue(Workloads.W2, false, users[i])),
                    row(
                            "W3",
                            i -> ours.getStringValue(Workloads.W3, "z", users[i])
                                    .isEmpty(),
                            i -> memory.getStringValue(Workloads.W3, "z", users[i])
                                    .isEmpty()));
        } finally {
            inMemory.tearDown();
            provider.shutdown();
            flags.close();
        }
    }

    private static Row row(String workload, IntPredicate ours, IntPredicate inMemory) {
        return new Row(workload, bytesPerCall(ours), bytesPerCall(inMemory));
    }

    private static double bytesPerCall(IntPredicate call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        int sink = 0;
        for (int i = 0; i < WARM_UP; i++) {
            sink += call.test(i & Users.MASK) ? 1 : 0;
        }
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < CALLS; i++) {
            sink += call.test(i & Users.MASK) ? 1 : 0;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        if (sink < 0) {
            throw new IllegalStateException("unreachable");
        }
        return (double) allocated / CALLS;
    }
}
