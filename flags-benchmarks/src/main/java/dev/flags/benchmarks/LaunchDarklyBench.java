package dev.flags.benchmarks;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.FeatureFlagsState;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The LaunchDarkly Java server SDK evaluating locally from its file data source (not
 * {@code offline(true)}, which ignores file data), events and diagnostics off, every service
 * endpoint pointed at the loopback counter. Rollouts bucket by SHA-1 of flag key, salt and user
 * key, so users differ from ours but the shares match.
 */
@State(Scope.Thread)
public class LaunchDarklyBench extends Bench {

    private LDClient client;
    private LDClient bulk;
    private LDContext[] users;
    private int next;
    private int connectionsBefore;

    static String flag(String key, String variations, int offVariation, String fallthrough, String rest) {
        return "\"" + key + "\":{\"key\":\"" + key + "\",\"version\":1,\"on\":true,\"salt\":\"" + key
                + "\",\"variations\":" + variations + ",\"offVariation\":" + offVariation + ",\"fallthrough\":"
                + fallthrough + rest + "}";
    }

    static String simple(String key) {
        return flag(key, "[true,false]", 1, "{\"variation\":0}", "");
    }

    static String clause(String... values) {
        return "{\"contextKind\":\"user\",\"attribute\":\"country\",\"op\":\"in\",\"values\":"
                + Peers.jsonStrings(values) + ",\"negate\":false}";
    }

    static String targeted(String key) {
        return flag(
                key,
                "[true,false]",
                1,
                "{\"variation\":1}",
                ",\"rules\":[{\"id\":\"targeted\",\"clauses\":[" + clause(Users.TARGETED)
                        + "],\"rollout\":{\"variations\":[{\"variation\":0,\"weight\":25000},"
                        + "{\"variation\":1,\"weight\":75000}]}}]");
    }

    static String mainFile() {
        StringJoiner rules = new StringJoiner(",", "[", "]");
        for (int r = 1; r < Workloads.W4_RULES; r++) {
            rules.add("{\"id\":\"rule-" + r + "\",\"clauses\":[" + clause("X" + r) + "],\"variation\":1}");
        }
        rules.add("{\"id\":\"rule-" + Workloads.W4_RULES + "\",\"clauses\":[" + clause(Users.COUNTRIES)
                + "],\"variation\":0}");
        return "{\"flags\":{" + simple(Workloads.W1) + "," + targeted(Workloads.W2) + ","
                + flag(
                        Workloads.W3,
                        "[\"A\",\"B\",\"C\"]",
                        0,
                        "{\"rollout\":{\"variations\":[{\"variation\":0,\"weight\":50000},"
                                + "{\"variation\":1,\"weight\":25000},{\"variation\":2,\"weight\":25000}]}}",
                        "")
                + "," + simple(Workloads.W4_PRE2) + ","
                + flag(
                        Workloads.W4_PRE1,
                        "[true,false]",
                        1,
                        "{\"variation\":0}",
                        ",\"prerequisites\":[{\"key\":\"" + Workloads.W4_PRE2 + "\",\"variation\":0}]")
                + ","
                + flag(
                        Workloads.W4,
                        "[true,false]",
                        1,
                        "{\"variation\":1}",
                        ",\"prerequisites\":[{\"key\":\"" + Workloads.W4_PRE1 + "\",\"variation\":0}],\"rules\":"
                                + rules)
                + "}}";
    }

    static String bulkFile() {
        StringJoiner flags = new StringJoiner(",", "{\"flags\":{", "}}");
        for (int i = 0; i < Workloads.BULK; i++) {
            String key = Workloads.bulkKey(i);
            flags.add(Workloads.bulkIsTargeted(i) ? targeted(key) : simple(key));
        }
        return flags.toString();
    }

    static LDClient client(Path file) {
        String loopback = Loopback.get().url();
        LDConfig config = new LDConfig.Builder()
                .dataSource(FileData.dataSource().filePaths(file).autoUpdate(false))
                .events(Components.noEvents())
                .diagnosticOptOut(true)
                .serviceEndpoints(Components.serviceEndpoints().relayProxy(URI.create(loopback)))
                .logging(Components.noLogging())
                .startWait(Duration.ofSeconds(5))
                .build();
        LDClient client = new LDClient("sdk-benchmark-not-a-key", config);
        if (!client.isInitialized()) {
            throw new IllegalStateException("LaunchDarkly did not initialize from " + file);
        }
        return client;
    }

    @Setup
    public void setUp() {
        connectionsBefore = Loopback.get().connections();
        client = client(Peers.tempFile("launchdarkly-", ".json", mainFile()));
        bulk = client(Peers.tempFile("launchdarkly-bulk-", ".json", bulkFile()));
        users = Users.contexts(
                LDContext[]::new,
                (key, country) -> LDContext.builder(key).set("country", country).build());
        Distribution.check(
                "LaunchDarkly",
                i -> client.boolVariation(Workloads.W2, users[i], false),
                i -> client.stringVariation(Workloads.W3, users[i], "z"),
                i -> client.boolVariation(Workloads.W4, users[i], false));
    }

    @TearDown
    public void tearDown() throws IOException {
        client.close();
        bulk.close();
        Peers.reportLoopback("LaunchDarkly", connectionsBefore);
    }

    private LDContext user() {
        return users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean w1Simple() {
        return client.boolVariation(Workloads.W1, user(), false);
    }

    @Benchmark
    public boolean w2Targeted() {
        return client.boolVariation(Workloads.W2, user(), false);
    }

    @Benchmark
    public String w3Variants() {
        return client.stringVariation(Workloads.W3, user(), "z");
    }

    @Benchmark
    public boolean w4Heavy() {
        return client.boolVariation(Workloads.W4, user(), false);
    }

    @Benchmark
    public FeatureFlagsState w5Bulk() {
        return bulk.allFlagsState(user());
    }
}
