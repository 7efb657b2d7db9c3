package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * This library's OpenFeature provider ({@link FlagsProvider}) through the OpenFeature
 * {@code Client}, with the same OpenFeature contexts as the other OpenFeature-based benchmarks. W5
 * asks for the 50 flags one by one, as OpenFeature has no bulk evaluation.
 */
@State(Scope.Thread)
public class ProviderBench extends Bench {

    static final String DOMAIN = "flags";

    private InspectableFlagManager flags;
    private Client client;
    private EvaluationContext[] users;
    private String[] bulkKeys;
    private int next;

    @Setup
    public void setUp() throws Exception {
        var definitions = Workloads.main();
        for (var flag : Workloads.bulk().flags()) {
            definitions = definitions.withFlag(flag);
        }
        flags = FlagManager.builder().definitions(definitions).watch(false).build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(DOMAIN, FlagsProvider.of(flags));
        client = api.getClient(DOMAIN);
        users = OpenFeatureInMemoryBench.contexts();
        bulkKeys = new String[Workloads.BULK];
        for (int i = 0; i < Workloads.BULK; i++) {
            bulkKeys[i] = Workloads.bulkKey(i);
        }
        Distribution.check(
                "flags provider via OpenFeature Client",
                i -> client.getBooleanValue(Workloads.W2, false, users[i]),
                i -> client.getStringValue(Workloads.W3, "z", users[i]),
                i -> client.getBooleanValue(Workloads.W4, false, users[i]));
    }

    @TearDown
    public void tearDown() {
        OpenFeatureAPI.getInstance().getProvider(DOMAIN).shutdown();
        flags.close();
    }

    private EvaluationContext user() {
        return users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean w1Simple() {
        return client.getBooleanValue(Workloads.W1, false, user());
    }

    @Benchmark
    public boolean w2Targeted() {
        return client.getBooleanValue(Workloads.W2, false, user());
    }

    @Benchmark
    public String w3Variants() {
        return client.getStringValue(Workloads.W3, "z", user());
    }

    @Benchmark
    public boolean w4Heavy() {
        return client.getBooleanValue(Workloads.W4, false, user());
    }

    @Benchmark
    public Map<String, Boolean> w5Bulk() {
        EvaluationContext user = user();
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (String key : bulkKeys) {
            all.put(key, client.getBooleanValue(key, false, user));
        }
        return all;
    }
}
