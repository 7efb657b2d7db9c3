package dev.flags.benchmarks;

import dev.flags.internal.Murmur3;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The OpenFeature SDK's {@code InMemoryProvider} through its {@code Client}. It has no rule
 * language: W1 is a static flag; W2 and W3 are {@code ContextEvaluator} callbacks holding the
 * plain-Java floor's code, so they measure the OpenFeature client around hand-written Java.
 */
@State(Scope.Thread)
public class OpenFeatureInMemoryBench extends Bench {

    static final String DOMAIN = "in-memory";
    private static final byte[] W2_SALT = Workloads.W2.getBytes(StandardCharsets.UTF_8);
    private static final byte[] W3_SALT = Workloads.W3.getBytes(StandardCharsets.UTF_8);

    private Client client;
    private EvaluationContext[] users;
    private int next;

    static EvaluationContext[] contexts() {
        return Users.contexts(
                EvaluationContext[]::new,
                (key, country) -> new ImmutableContext(key, Map.of("country", new Value(country))));
    }

    @Setup
    public void setUp() throws Exception {
        Flag<Boolean> w1 = Flag.<Boolean>builder()
                .variant("on", true)
                .variant("off", false)
                .defaultVariant("on")
                .build();
        Flag<Boolean> w2 = Flag.<Boolean>builder()
                .variant("on", true)
                .variant("off", false)
                .defaultVariant("off")
                .contextEvaluator((flag, context) -> {
                    Value country = context.getValue("country");
                    return country != null
                            && Users.targeted(country.asString())
                            && Murmur3.bucket(Murmur3.hash(W2_SALT, context.getTargetingKey()), 100) < 25;
                })
                .build();
        Flag<String> w3 = Flag.<String>builder()
                .variant("a", "A")
                .variant("b", "B")
                .variant("c", "C")
                .defaultVariant("a")
                .contextEvaluator((flag, context) -> {
                    long bucket = Murmur3.bucket(Murmur3.hash(W3_SALT, context.getTargetingKey()), 100);
                    return bucket < 50 ? "A" : bucket < 75 ? "B" : "C";
                })
                .build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(
                DOMAIN, new InMemoryProvider(Map.of(Workloads.W1, w1, Workloads.W2, w2, Workloads.W3, w3)));
        client = api.getClient(DOMAIN);
        users = contexts();
        Distribution.check(
                "OpenFeature InMemoryProvider",
                i -> client.getBooleanValue(Workloads.W2, false, users[i]),
                i -> client.getStringValue(Workloads.W3, "z", users[i]),
                null);
    }

    @TearDown
    public void tearDown() {
        OpenFeatureAPI.getInstance().getProvider(DOMAIN).shutdown();
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
}
