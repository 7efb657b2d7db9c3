package dev.flags.benchmarks;

import io.getunleash.DefaultUnleash;
import io.getunleash.EvaluatedToggle;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import io.getunleash.variant.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Unleash Java SDK (its Yggdrasil engine) bootstrapped from a toggles document, polling and
 * metrics off. It insists on a server URL: it gets the loopback counter's, and the checks show
 * whether it was contacted. Rollouts bucket by murmur3 with Unleash's own seed over group id and
 * user id, so users differ from ours but the shares match. Dependent features are one level deep in
 * Unleash, so W4 cannot be expressed.
 */
@State(Scope.Thread)
public class UnleashBench extends Bench {

    private Unleash unleash;
    private Unleash bulk;
    private UnleashContext[] users;
    private int next;
    private int connectionsBefore;

    static String feature(String name, String strategies, String rest) {
        return "{\"name\":\"" + name + "\",\"type\":\"release\",\"enabled\":true,\"project\":\"default\","
                + "\"stale\":false,\"impressionData\":false,\"strategies\":" + strategies + rest + "}";
    }

    static String simple(String name) {
        return feature(name, "[{\"name\":\"default\",\"parameters\":{}}]", "");
    }

    static String targeted(String name) {
        return feature(
                name,
                "[{\"name\":\"flexibleRollout\",\"parameters\":{\"rollout\":\"25\",\"stickiness\":\"userId\","
                        + "\"groupId\":\"" + name + "\"},\"constraints\":[{\"contextName\":\"country\","
                        + "\"operator\":\"IN\",\"values\":" + Peers.jsonStrings(Users.TARGETED)
                        + ",\"inverted\":false,\"caseInsensitive\":false}]}]",
                "");
    }

    static String variant(String name, int weight, String value) {
        return "{\"name\":\"" + name + "\",\"weight\":" + weight + ",\"weightType\":\"variable\","
                + "\"stickiness\":\"userId\",\"payload\":{\"type\":\"string\",\"value\":\"" + value + "\"}}";
    }

    static String document(List<String> features) {
        StringJoiner joiner = new StringJoiner(",", "{\"version\":2,\"features\":[", "]}");
        features.forEach(joiner::add);
        return joiner.toString();
    }

    static String mainDocument() {
        return document(List.of(
                simple(Workloads.W1),
                targeted(Workloads.W2),
                feature(
                        Workloads.W3,
                        "[{\"name\":\"default\",\"parameters\":{}}]",
                        ",\"variants\":[" + variant("a", 500, "A") + "," + variant("b", 250, "B") + ","
                                + variant("c", 250, "C") + "]")));
    }

    static String bulkDocument() {
        List<String> features = new java.util.ArrayList<>();
        for (int i = 0; i < Workloads.BULK; i++) {
            String key = Workloads.bulkKey(i);
            features.add(Workloads.bulkIsTargeted(i) ? targeted(key) : simple(key));
        }
        return document(features);
    }

    static Unleash unleash(String name, String document) throws Exception {
        Path backup = Files.createTempDirectory("unleash-").resolve("backup.json");
        UnleashConfig config = UnleashConfig.builder()
                .appName("flags-benchmarks-" + name)
                .instanceId(name)
                .unleashAPI(Loopback.get().url() + "api/")
                .disablePolling()
                .disableMetrics()
                .synchronousFetchOnInitialisation(false)
                .backupFile(backup.toString())
                .toggleBootstrapProvider(() -> Optional.of(document))
                .build();
        return new DefaultUnleash(config);
    }

    @Setup
    public void setUp() throws Exception {
        connectionsBefore = Loopback.get().connections();
        unleash = unleash("main", mainDocument());
        bulk = unleash("bulk", bulkDocument());
        users = Users.contexts(
                UnleashContext[]::new,
                (key, country) -> UnleashContext.builder()
                        .userId(key)
                        .addProperty("country", country)
                        .build());
        Distribution.check("Unleash", i -> unleash.isEnabled(Workloads.W2, users[i]), this::w3, null);
    }

    @TearDown
    public void tearDown() {
        unleash.shutdown();
        bulk.shutdown();
        Peers.reportLoopback("Unleash", connectionsBefore);
    }

    private UnleashContext user() {
        return users[next++ & Users.MASK];
    }

    private String w3(int i) {
        return unleash.getVariant(Workloads.W3, users[i])
                .getPayload()
                .map(Payload::getValue)
                .orElse("z");
    }

    @Benchmark
    public boolean w1Simple() {
        return unleash.isEnabled(Workloads.W1, user());
    }

    @Benchmark
    public boolean w2Targeted() {
        return unleash.isEnabled(Workloads.W2, user());
    }

    @Benchmark
    public String w3Variants() {
        return w3(next++ & Users.MASK);
    }

    @Benchmark
    public List<EvaluatedToggle> w5Bulk() {
        return bulk.more().evaluateAllToggles(user());
    }
}
