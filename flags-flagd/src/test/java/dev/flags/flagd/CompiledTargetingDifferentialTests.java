package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The compiler's promise, tested by difference: generated targeting of every shape the compiler
 * takes ({@code if} chains of {@code ==}, {@code ===}, {@code in}, {@code starts_with},
 * {@code ends_with}, {@code and}, {@code or}, and {@code fractional}s), read once compiled into
 * rules and once interpreted, answers every generated context with the same value, variant,
 * reason and error code. The contexts hold what JSON Logic compares loosely: numeric strings,
 * numbers, booleans, lists, objects, flat keys with dots beside nested ones, and lists on a path.
 */
class CompiledTargetingDifferentialTests {

    private static final List<String> VARIANTS = List.of("v1", "v2", "v3");
    private static final List<String> ATTRIBUTES = List.of("a", "b", "n", "user.name", "items.0", "targetingKey");
    private static final List<String> LITERALS = List.of(
            "1",
            "0",
            "",
            " 1 ",
            "1.0",
            "1e0",
            "0x1",
            "-0",
            "abc",
            "true",
            "false",
            "null",
            "a,b",
            "[object Object]",
            "2",
            "Infinity",
            "1_0",
            "1f");

    private final Random random = new Random(1616);

    @Test
    void compiledAndInterpretedTargetingAnswerAlike() {
        Map<String, Object> flags = new LinkedHashMap<>();
        for (int i = 0; i < 400; i++) {
            flags.put("f" + i, flag());
        }
        byte[] json = DefinitionsWriter.json(Map.of("flags", flags)).getBytes(StandardCharsets.UTF_8);
        Definitions compiled = Flagd.read("generated", json);
        Definitions interpreted = FlagdReader.parse("generated", json, false);
        long compiledFlags = compiled.flags().stream()
                .filter(f -> f.rules().stream().anyMatch(r -> !(r.serve() instanceof Serve.Computed)))
                .count();
        assertThat(compiledFlags)
                .as("most generated flags compile, else this test compares the interpreter with itself")
                .isGreaterThan(300);
        assertThat(interpreted.flags())
                .allSatisfy(f -> assertThat(f.rules())
                        .singleElement()
                        .satisfies(r -> assertThat(r.serve()).isInstanceOf(Serve.Computed.class)));
        int guarded = 0;
        int compared = 0;
        try (FlagManager a = FlagManager.builder().definitions(compiled).build();
                FlagManager b = FlagManager.builder().definitions(interpreted).build()) {
            for (int c = 0; c < 150; c++) {
                EvaluationContext context = context();
                for (FlagDefinition flag : compiled.flags()) {
                    EvaluationDetails<Object> x = a.evaluate(flag.key(), context);
                    EvaluationDetails<Object> y = b.evaluate(flag.key(), context);
                    String what = flag.key() + " " + targeting(flags, flag.key()) + " for " + context;
                    assertThat(x.variant()).as(what).isEqualTo(y.variant());
                    assertThat(x.value()).as(what).isEqualTo(y.value());
                    assertThat(x.reason()).as(what).isEqualTo(y.reason());
                    assertThat(x.errorCode()).as(what).isEqualTo(y.errorCode());
                    compared++;
                    if ("targeting".equals(x.ruleId()) && hasCompiledRules(flag)) {
                        guarded++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(400 * 150);
        assertThat(guarded)
                .as("contexts the compiled rules would read otherwise were interpreted by the guard")
                .isGreaterThan(100);
    }

    private static boolean hasCompiledRules(FlagDefinition flag) {
        for (Rule rule : flag.rules()) {
            if (!(rule.serve() instanceof Serve.Computed)) {
                return true;
            }
        }
        return false;
    }

    private static Object targeting(Map<String, Object> flags, String key) {
        Object flag = flags.get(key);
        return flag instanceof Map<?, ?> map ? DefinitionsWriter.json(map.get("targeting")) : "";
    }

    private Map<String, Object> flag() {
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("state", "ENABLED");
        Map<String, Object> variants = new LinkedHashMap<>();
        for (String variant : VARIANTS) {
            variants.put(variant, variant.toUpperCase(java.util.Locale.ROOT));
        }
        flag.put("variants", variants);
        if (random.nextInt(4) > 0) {
            flag.put("defaultVariant", pick(VARIANTS));
        }
        flag.put("targeting", random.nextInt(6) == 0 ? fractional() : chain());
        return flag;
    }

    private Map<String, Object> chain() {
        List<@Nullable Object> args = new ArrayList<>();
        int branches = 1 + random.nextInt(3);
        for (int i = 0; i < branches; i++) {
            args.add(condition(0));
            args.add(random.nextInt(5) == 0 ? fractional() : pick(VARIANTS));
        }
        switch (random.nextInt(4)) {
            case 0 -> args.add(null);
            case 1 -> args.add(pick(VARIANTS));
            case 2 -> args.add(random.nextBoolean() ? fractional() : chain());
            default -> {} // no else
        }
        return Map.of("if", args);
    }

    private Map<String, Object> condition(int depth) {
        int kind = random.nextInt(depth < 2 ? 8 : 6);
        String attribute = pick(ATTRIBUTES);
        Map<String, Object> var = Map.of("var", attribute);
        return switch (kind) {
            case 0, 1 ->
                Map.of("==", random.nextBoolean() ? List.of(var, pick(LITERALS)) : List.of(pick(LITERALS), var));
            case 2 -> Map.of("===", List.of(var, pick(LITERALS)));
            case 3 -> {
                List<Object> values = new ArrayList<>();
                for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                    values.add(pick(LITERALS));
                }
                yield Map.of("in", List.of(var, values));
            }
            case 4 -> Map.of("starts_with", List.of(var, pick(List.of("a", "1", "", "ab"))));
            case 5 -> Map.of("ends_with", List.of(var, pick(List.of("c", "1", "", ",b"))));
            default -> {
                List<Object> parts = new ArrayList<>();
                for (int i = 0, n = 2 + random.nextInt(2); i < n; i++) {
                    parts.add(condition(depth + 1));
                }
                yield Map.of(kind == 6 ? "and" : "or", parts);
            }
        };
    }

    private Map<String, Object> fractional() {
        List<Object> args = new ArrayList<>();
        switch (random.nextInt(3)) {
            case 0 -> {} // the shorthand: flag key and targeting key
            case 1 ->
                args.add(Map.of("cat", List.of(Map.of("var", "$flagd.flagKey"), Map.of("var", pick(ATTRIBUTES)))));
            default -> args.add(Map.of("cat", List.of("salt", Map.of("var", pick(ATTRIBUTES)))));
        }
        for (String variant : VARIANTS) {
            if (random.nextInt(4) > 0) {
                args.add(random.nextInt(3) == 0 ? List.of(variant) : List.of(variant, 1 + random.nextInt(3)));
            }
        }
        if (args.isEmpty() || args.get(args.size() - 1) instanceof Map<?, ?>) {
            args.add(List.of("v1", 1));
        }
        return Map.of("fractional", args);
    }

    private EvaluationContext context() {
        EvaluationContext.Builder builder = EvaluationContext.builder();
        switch (random.nextInt(4)) {
            case 0 -> {}
            case 1 -> builder.targetingKey("");
            default -> builder.targetingKey(random.nextBoolean() ? pick(LITERALS) : "user-" + random.nextInt(50));
        }
        for (String name : List.of("a", "b", "n")) {
            Object value = value();
            if (value != null) {
                builder.attribute(name, value);
            }
        }
        switch (random.nextInt(5)) {
            case 0 -> {}
            case 1 -> builder.attribute("user.name", scalar());
            case 2 -> builder.attribute("user", mapOf("name", scalar()));
            case 3 -> builder.attribute("user.name", scalar()).attribute("user", mapOf("name", scalar()));
            default -> builder.attribute("user", List.of(mapOf("name", scalar())));
        }
        switch (random.nextInt(4)) {
            case 0 -> {}
            case 1 -> builder.attribute("items", Arrays.asList(scalar(), scalar()));
            case 2 -> builder.attribute("items", mapOf("0", scalar()));
            default -> builder.attribute("items.0", scalar());
        }
        return builder.build();
    }

    private static Map<String, Object> mapOf(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private @Nullable Object value() {
        return switch (random.nextInt(8)) {
            case 0 -> null;
            case 1 -> List.of();
            case 2 -> List.of(pick(LITERALS));
            case 3 -> Arrays.asList(pick(LITERALS), scalar());
            case 4 -> mapOf("name", pick(LITERALS));
            default -> scalar();
        };
    }

    private Object scalar() {
        return switch (random.nextInt(12)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2L;
            case 3 -> 1.0;
            case 4 -> 0.5;
            case 5 -> -0.0;
            case 6 -> true;
            case 7 -> false;
            case 8 -> Double.NaN;
            default -> pick(LITERALS);
        };
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
