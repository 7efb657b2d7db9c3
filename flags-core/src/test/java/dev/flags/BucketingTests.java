package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.internal.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketingTests {

    private static final byte[] NO_PREFIX = new byte[0];

    @Test
    @SuppressWarnings("unchecked")
    void reproducesEveryMurmur3Vector() throws Exception {
        List<Map<String, Object>> vectors = (List<Map<String, Object>>)
                Conformance.json("bucketing/vectors.json").get("murmur3_x86_32_seed0_utf8");
        assertThat(vectors).isNotEmpty();
        for (Map<String, Object> vector : vectors) {
            String input = (String) vector.get("input");
            int hash = Murmur3.hash(NO_PREFIX, input);
            assertThat(Integer.toUnsignedLong(hash))
                    .as("u32 of '%s'", input)
                    .isEqualTo(((Number) vector.get("u32")).longValue());
            assertThat(hash).as("i32 of '%s'", input).isEqualTo(((Number) vector.get("i32")).intValue());
        }
    }

    @Test
    void hashesPrefixAndValueAsOneString() {
        for (String salt : List.of("", "a", "ab", "abc", "abcd", "abcde", "é", "日本")) {
            for (String value : List.of("", "x", "user-1", "jon@company.com", "日本語", "\uD83D\uDE00")) {
                assertThat(Murmur3.hash(salt.getBytes(StandardCharsets.UTF_8), value))
                        .as("'%s' + '%s'", salt, value)
                        .isEqualTo(Murmur3.hash(NO_PREFIX, salt + value));
                assertThat(Murmur3.hash(Murmur3.prefix(salt.getBytes(StandardCharsets.UTF_8)), value))
                        .as("precomputed '%s' + '%s'", salt, value)
                        .isEqualTo(Murmur3.hash(NO_PREFIX, salt + value));
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void selectsTheVariantOfEveryFractionalVector() throws Exception {
        List<Map<String, Object>> vectors = (List<Map<String, Object>>)
                Conformance.json("bucketing/vectors.json").get("fractional_v2");
        assertThat(vectors).isNotEmpty();
        for (Map<String, Object> vector : vectors) {
            String hashed = (String) vector.get("hashed");
            List<List<Object>> weights = (List<List<Object>>) vector.get("weights");
            FlagDefinition.Builder flag = FlagDefinition.builder("f")
                    .type(FlagType.STRING)
                    .salt(hashed)
                    .bucketBy("empty");
            Serve.Distribution distribution = null;
            for (List<Object> weight : weights) {
                String variant = (String) weight.get(0);
                flag.variant(variant, variant);
                int w = ((Number) weight.get(1)).intValue();
                distribution = distribution == null ? Serve.split(variant, w) : distribution.and(variant, w);
            }
            flag.defaultVariant((String) weights.get(0).get(0)).fallthrough(distribution);
            // The salt is the whole hashed string and the bucketing value is empty, so the engine
            // hashes exactly the vector's input.
            try (FlagManager flags = FlagManager.builder()
                    .definitions(Definitions.of(flag.build()))
                    .build()) {
                EvaluationContext context =
                        EvaluationContext.builder().attribute("empty", "").build();
                assertThat(flags.getString("f", "none", context)).as(hashed).isEqualTo(vector.get("variant"));
            }
        }
    }

    @Test
    void bucketsWithTheFlagKeyAsSaltAndTheTargetingKeyAsValue() {
        // fractional-flag + user-1 is a conformance vector: 25/25/25/25 over clubs..spades gives diamonds.
        FlagDefinition flag = suits("fractional-flag").build();
        try (FlagManager flags =
                FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            EvaluationDetails<String> details =
                    flags.getStringDetails("fractional-flag", "none", EvaluationContext.of("user-1"));
            assertThat(details.value()).isEqualTo("diamonds");
            assertThat(details.reason()).isEqualTo(Reason.SPLIT);
        }
    }

    @Test
    void isDeterministicAcrossManagers() {
        Definitions definitions = Definitions.of(suits("cards").build());
        Map<String, String> first = assignments(definitions, "cards");
        Map<String, String> second = assignments(definitions, "cards");
        assertThat(first).isEqualTo(second);
    }

    @Test
    void isIndependentBetweenFlags() {
        Definitions definitions =
                Definitions.of(halves("one").build(), halves("two").build());
        Map<String, String> one = assignments(definitions, "one");
        Map<String, String> two = assignments(definitions, "two");
        long same =
                one.keySet().stream().filter(k -> one.get(k).equals(two.get(k))).count();
        // Independent 50/50 assignments agree for about half the users; correlated ones for nearly all.
        assertThat(same).isBetween(4_500L, 5_500L);
    }

    @Test
    void sameSaltMakesFlagsBucketAlike() {
        Definitions definitions = Definitions.of(
                halves("one").salt("shared").build(),
                halves("two").salt("shared").build());
        assertThat(assignments(definitions, "one")).isEqualTo(assignments(definitions, "two"));
    }

    @Test
    void raisingTheFirstVariantsWeightOnlyAddsUsersToIt() {
        Map<String, String> previous = null;
        for (int percent = 0; percent <= 100; percent += 5) {
            FlagDefinition flag = FlagDefinition.builder("rollout")
                    .defaultVariant("off")
                    .fallthrough(Serve.split("on", percent * 1000).and("off", (100 - percent) * 1000))
                    .build();
            Map<String, String> current = assignments(Definitions.of(flag), "rollout");
            if (previous != null) {
                for (Map.Entry<String, String> entry : previous.entrySet()) {
                    if (entry.getValue().equals("on")) {
                        assertThat(current.get(entry.getKey()))
                                .as("%s at %d%%", entry.getKey(), percent)
                                .isEqualTo("on");
                    }
                }
            }
            long on = current.values().stream().filter("on"::equals).count();
            assertThat(on).as("users on at %d%%", percent).isBetween(percent * 100L - 300, percent * 100L + 300);
            previous = current;
        }
    }

    @Test
    void spreadsUniformlyOverBuckets() {
        // Chi-square over 10 equal variants and 100,000 keys; 9 degrees of freedom, p = 0.001 at 27.88.
        FlagDefinition.Builder builder =
                FlagDefinition.builder("uniform").type(FlagType.INTEGER).defaultVariant("v0");
        Serve.Distribution distribution = null;
        for (int i = 0; i < 10; i++) {
            builder.variant("v" + i, i);
            distribution = distribution == null ? Serve.split("v0", 1) : distribution.and("v" + i, 1);
        }
        try (FlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(builder.fallthrough(distribution).build()))
                .build()) {
            int[] counts = new int[10];
            for (int i = 0; i < 100_000; i++) {
                counts[flags.getInteger("uniform", -1, EvaluationContext.of("key-" + i))]++;
            }
            double chiSquare = 0;
            for (int count : counts) {
                chiSquare += Math.pow(count - 10_000, 2) / 10_000;
            }
            assertThat(chiSquare).isLessThan(27.88);
        }
    }

    @Test
    void resolvesTinyWeights() {
        // 1 in 100,000 is 0.001%; with 100,000 keys about one lands in it, and never more than a few.
        FlagDefinition flag = FlagDefinition.builder("tiny")
                .defaultVariant("off")
                .fallthrough(Serve.split("on", 1).and("off", 99_999))
                .build();
        long on = assignments(Definitions.of(flag), "tiny", 100_000).values().stream()
                .filter("on"::equals)
                .count();
        assertThat(on).isBetween(0L, 6L);
    }

    @Test
    void bucketsByTheConfiguredAttribute() {
        FlagDefinition flag = halves("org-rollout").bucketBy("org").build();
        try (FlagManager flags =
                FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            String first = flags.getVariant(
                    "org-rollout",
                    EvaluationContext.builder()
                            .targetingKey("a")
                            .attribute("org", "acme")
                            .build());
            for (int i = 0; i < 50; i++) {
                EvaluationContext sameOrg = EvaluationContext.builder()
                        .targetingKey("user-" + i)
                        .attribute("org", "acme")
                        .build();
                assertThat(flags.getVariant("org-rollout", sameOrg)).isEqualTo(first);
            }
        }
    }

    @Test
    void ruleWithoutBucketingValueDoesNotMatch() {
        FlagDefinition flag = FlagDefinition.builder("split-rule")
                .defaultVariant("off")
                .rule(Rule.of("half", Serve.split("on", 1).and("off", 1)))
                .build();
        try (FlagManager flags =
                FlagManager.builder().definitions(Definitions.of(flag)).build()) {
            EvaluationDetails<Boolean> details = flags.getBooleanDetails("split-rule", true, EvaluationContext.EMPTY);
            assertThat(details.reason()).isEqualTo(Reason.DEFAULT);
            assertThat(details.variant()).isEqualTo("off");
            assertThat(details.ruleId()).isNull();
        }
    }

    private static FlagDefinition.Builder suits(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.STRING)
                .variant("clubs", "clubs")
                .variant("diamonds", "diamonds")
                .variant("hearts", "hearts")
                .variant("spades", "spades")
                .defaultVariant("clubs")
                .fallthrough(Serve.split("clubs", 25)
                        .and("diamonds", 25)
                        .and("hearts", 25)
                        .and("spades", 25));
    }

    private static FlagDefinition.Builder halves(String key) {
        return FlagDefinition.builder(key)
                .defaultVariant("off")
                .fallthrough(Serve.split("on", 50).and("off", 50));
    }

    private static Map<String, String> assignments(Definitions definitions, String key) {
        return assignments(definitions, key, 10_000);
    }

    private static Map<String, String> assignments(Definitions definitions, String key, int users) {
        Map<String, String> result = new HashMap<>();
        try (FlagManager flags = FlagManager.builder().definitions(definitions).build()) {
            for (int i = 0; i < users; i++) {
                result.put("user-" + i, flags.getVariant(key, EvaluationContext.of("user-" + i)));
            }
        }
        return result;
    }
}
