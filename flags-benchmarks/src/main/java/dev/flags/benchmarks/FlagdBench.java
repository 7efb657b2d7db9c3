package dev.flags.benchmarks;

import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The flagd provider for OpenFeature in in-process mode reading an offline flag file (resolver
 * {@code FILE}), through the OpenFeature {@code Client}. Its {@code fractional} rule hashes flag
 * key and targeting key with murmur3 like ours, but maps the hash to buckets its own way, so users
 * differ from ours while the shares match. flagd has no
 * prerequisites (W4) and no bulk evaluation (W5 asks for the 50 flags one by one).
 */
@State(Scope.Thread)
public class FlagdBench extends Bench {

    static final String DOMAIN = "flagd";

    private Client client;
    private EvaluationContext[] users;
    private String[] bulkKeys;
    private int next;
    private int connectionsBefore;

    static String simple(String key) {
        return "\"" + key + "\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
                + "\"defaultVariant\":\"on\"}";
    }

    static String targeted(String key) {
        return "\"" + key + "\":{\"state\":\"ENABLED\",\"variants\":{\"on\":true,\"off\":false},"
                + "\"defaultVariant\":\"off\",\"targeting\":{\"if\":[{\"in\":[{\"var\":\"country\"},"
                + Peers.jsonStrings(Users.TARGETED) + "]},{\"fractional\":[[\"on\",25],[\"off\",75]]},\"off\"]}}";
    }

    static String file() {
        StringJoiner flags = new StringJoiner(",", "{\"flags\":{", "}}");
        flags.add(simple(Workloads.W1));
        flags.add(targeted(Workloads.W2));
        flags.add("\"" + Workloads.W3 + "\":{\"state\":\"ENABLED\",\"variants\":{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\"},"
                + "\"defaultVariant\":\"a\",\"targeting\":{\"fractional\":[[\"a\",50],[\"b\",25],[\"c\",25]]}}");
        for (int i = 0; i < Workloads.BULK; i++) {
            String key = Workloads.bulkKey(i);
            flags.add(Workloads.bulkIsTargeted(i) ? targeted(key) : simple(key));
        }
        return flags.toString();
    }

    @Setup
    public void setUp() throws Exception {
        connectionsBefore = Loopback.get().connections();
        FlagdOptions options = FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(
                        Peers.tempFile("flagd-", ".flagd.json", file()).toString())
                .host("127.0.0.1")
                .port(Loopback.get().port())
                .build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(DOMAIN, new FlagdProvider(options));
        client = api.getClient(DOMAIN);
        users = OpenFeatureInMemoryBench.contexts();
        bulkKeys = new String[Workloads.BULK];
        for (int i = 0; i < Workloads.BULK; i++) {
            bulkKeys[i] = Workloads.bulkKey(i);
        }
        Distribution.check(
                "flagd",
                i -> client.getBooleanValue(Workloads.W2, false, users[i]),
                i -> client.getStringValue(Workloads.W3, "z", users[i]),
                null);
    }

    @TearDown
    public void tearDown() {
        OpenFeatureAPI.getInstance().getProvider(DOMAIN).shutdown();
        Peers.reportLoopback("flagd", connectionsBefore);
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
    public Map<String, Boolean> w5Bulk() {
        EvaluationContext user = user();
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (String key : bulkKeys) {
            all.put(key, client.getBooleanValue(key, false, user));
        }
        return all;
    }
}
