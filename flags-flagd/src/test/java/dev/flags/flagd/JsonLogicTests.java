package dev.flags.flagd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.Conformance;
import dev.flags.definition.VariantFunction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class JsonLogicTests {

    private static @Nullable Object json(String text) {
        return new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    private static @Nullable Object apply(String rule, String data) {
        return JsonLogic.apply(json(rule), json(data));
    }

    @Test
    void truthinessIsJsonLogics() {
        assertThat(apply("{\"if\": [[], \"t\", \"f\"]}", "{}")).isEqualTo("f");
        assertThat(apply("{\"if\": [[0], \"t\", \"f\"]}", "{}")).isEqualTo("t");
        assertThat(apply("{\"if\": [\"\", \"t\", \"f\"]}", "{}")).isEqualTo("f");
        assertThat(apply("{\"if\": [\"0\", \"t\", \"f\"]}", "{}")).isEqualTo("t");
        assertThat(apply("{\"if\": [0, \"t\", \"f\"]}", "{}")).isEqualTo("f");
        assertThat(apply("{\"if\": [{}, \"t\", \"f\"]}", "{}")).isEqualTo("t");
        assertThat(apply("{\"!!\": [null]}", "{}")).isEqualTo(false);
    }

    @Test
    void equalityIsLooseOrStrictAsInJavaScript() {
        assertThat(apply("{\"==\": [1, \"1\"]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"==\": [0, false]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"==\": [null, 0]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"==\": [1.0, 1]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"===\": [1, \"1\"]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"===\": [1, 1.0]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"!=\": [{\"var\": \"missing\"}, \"x\"]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"!==\": [\"a\", \"a\"]}", "{}")).isEqualTo(false);
    }

    @Test
    void varReadsDottedPathsListIndexesAndDefaults() {
        String data = "{\"user\": {\"name\": \"ann\", \"tags\": [\"a\", \"b\"]}, \"n\": 3}";
        assertThat(apply("{\"var\": \"user.name\"}", data)).isEqualTo("ann");
        assertThat(apply("{\"var\": [\"user.name\"]}", data)).isEqualTo("ann");
        assertThat(apply("{\"var\": \"user.tags.1\"}", data)).isEqualTo("b");
        assertThat(apply("{\"var\": [\"user.age\", 42]}", data)).isEqualTo(42);
        assertThat(apply("{\"var\": \"user.name.first\"}", data)).isNull();
        assertThat(apply("{\"var\": \"\"}", "7")).isEqualTo(7);
    }

    @Test
    void missingListsAbsentAndEmptyKeys() {
        assertThat(apply("{\"missing\": [\"a\", \"b\", \"c\"]}", "{\"a\": 1, \"b\": \"\"}"))
                .isEqualTo(List.of("b", "c"));
        assertThat(apply("{\"missing_some\": [1, [\"a\", \"b\"]]}", "{\"a\": 1}"))
                .isEqualTo(List.of());
        assertThat(apply("{\"missing_some\": [2, [\"a\", \"b\"]]}", "{\"a\": 1}"))
                .isEqualTo(List.of("b"));
    }

    @Test
    void andOrReturnTheDecidingValue() {
        assertThat(apply("{\"or\": [0, \"\", \"x\"]}", "{}")).isEqualTo("x");
        assertThat(apply("{\"or\": [0, false]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"and\": [1, \"\", \"x\"]}", "{}")).isEqualTo("");
        assertThat(apply("{\"and\": [1, \"x\"]}", "{}")).isEqualTo("x");
    }

    @Test
    void comparisonsArithmeticAndBetween() {
        assertThat(apply("{\"<\": [1, 2, 3]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"<\": [1, 3, 3]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"<=\": [1, 3, 3]}", "{}")).isEqualTo(true);
        assertThat(apply("{\">\": [\"10\", 9]}", "{}")).isEqualTo(true);
        assertThat(apply("{\">\": [\"b\", \"a\"]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"+\": [1, \"2.5\"]}", "{}")).isEqualTo(3.5);
        assertThat(apply("{\"-\": [5]}", "{}")).isEqualTo(-5.0);
        assertThat(apply("{\"*\": [2, 3, 4]}", "{}")).isEqualTo(24.0);
        assertThat(apply("{\"/\": [7, 2]}", "{}")).isEqualTo(3.5);
        assertThat(apply("{\"%\": [7, 2]}", "{}")).isEqualTo(1.0);
        assertThat(apply("{\"max\": [1, 7, 3]}", "{}")).isEqualTo(7.0);
        assertThat(apply("{\"min\": [1, 7, 3]}", "{}")).isEqualTo(1.0);
    }

    @Test
    void stringsAndLists() {
        assertThat(apply("{\"in\": [\"Spring\", \"Springfield\"]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"in\": [\"b\", [\"a\", \"b\"]]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"in\": [1, [\"1\"]]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"cat\": [\"v\", 1, \".\", 2.5]}", "{}")).isEqualTo("v1.2.5");
        assertThat(apply("{\"substr\": [\"jsonlogic\", 4]}", "{}")).isEqualTo("logic");
        assertThat(apply("{\"substr\": [\"jsonlogic\", -5]}", "{}")).isEqualTo("logic");
        assertThat(apply("{\"substr\": [\"jsonlogic\", 1, 3]}", "{}")).isEqualTo("son");
        assertThat(apply("{\"substr\": [\"jsonlogic\", 4, -2]}", "{}")).isEqualTo("log");
        assertThat(apply("{\"merge\": [[1, 2], 3, [4]]}", "{}")).isEqualTo(List.of(1, 2, 3, 4));
    }

    @Test
    void iterationOperatorsSeeEachItemAsTheirData() {
        String data = "{\"xs\": [1, 2, 3]}";
        assertThat(apply("{\"map\": [{\"var\": \"xs\"}, {\"*\": [{\"var\": \"\"}, 2]}]}", data))
                .isEqualTo(List.of(2.0, 4.0, 6.0));
        assertThat(apply("{\"filter\": [{\"var\": \"xs\"}, {\">\": [{\"var\": \"\"}, 1]}]}", data))
                .isEqualTo(List.of(2, 3));
        assertThat(apply(
                        "{\"reduce\": [{\"var\": \"xs\"}, {\"+\": [{\"var\": \"current\"}, {\"var\": \"accumulator\"}]}, 0]}",
                        data))
                .isEqualTo(6.0);
        assertThat(apply("{\"all\": [{\"var\": \"xs\"}, {\">\": [{\"var\": \"\"}, 0]}]}", data))
                .isEqualTo(true);
        assertThat(apply("{\"all\": [[], {\">\": [{\"var\": \"\"}, 0]}]}", data))
                .isEqualTo(false);
        assertThat(apply("{\"some\": [{\"var\": \"xs\"}, {\">\": [{\"var\": \"\"}, 2]}]}", data))
                .isEqualTo(true);
        assertThat(apply("{\"none\": [{\"var\": \"xs\"}, {\">\": [{\"var\": \"\"}, 2]}]}", data))
                .isEqualTo(false);
    }

    @Test
    void flagdStringOperatorsAnswerNullForWhatTheyCannotUse() {
        assertThat(apply("{\"starts_with\": [{\"var\": \"id\"}, \"abc\"]}", "{\"id\": \"abcdef\"}"))
                .isEqualTo(true);
        assertThat(apply("{\"ends_with\": [{\"var\": \"id\"}, \"xyz\"]}", "{\"id\": \"abcdef\"}"))
                .isEqualTo(false);
        assertThat(apply("{\"starts_with\": [{\"var\": \"id\"}, \"abc\"]}", "{\"id\": 123}"))
                .isNull();
        assertThat(apply("{\"ends_with\": [\"xyz\"]}", "{}")).isNull();
    }

    @Test
    void semVerComparesAsFlagdDoes() {
        assertThat(apply("{\"sem_ver\": [\"v1.0.0\", \"=\", \"1.0.0+build\"]}", "{}"))
                .isEqualTo(true);
        assertThat(apply("{\"sem_ver\": [\"2.0.0-alpha\", \"<\", \"2.0.0\"]}", "{}"))
                .isEqualTo(true);
        assertThat(apply("{\"sem_ver\": [\"1.0.0\", \"^\", \"1.5.0\"]}", "{}"))
                .as("flagd's ^ compares the major only")
                .isEqualTo(true);
        assertThat(apply("{\"sem_ver\": [\"3.1.0\", \"~\", \"3.0.0\"]}", "{}")).isEqualTo(false);
        assertThat(apply("{\"sem_ver\": [1.2, \">\", \"1.1\"]}", "{}")).isEqualTo(true);
        assertThat(apply("{\"sem_ver\": [\"2.0.0.0\", \"=\", \"2.0.0\"]}", "{}"))
                .isNull();
        assertThat(apply("{\"sem_ver\": [\"1.0.0\", \"===\", \"1.0.0\"]}", "{}"))
                .isNull();
        assertThat(apply("{\"sem_ver\": [\"1.0.0\", \"=\"]}", "{}")).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void fractionalSelectsTheGoldenVectorsVariants() throws Exception {
        List<Map<String, Object>> vectors = (List<Map<String, Object>>)
                Conformance.json("bucketing/vectors.json").get("fractional_v2");
        assertThat(vectors).hasSizeGreaterThan(10);
        for (Map<String, Object> vector : vectors) {
            List<Object> args = new java.util.ArrayList<>();
            args.add(Map.of("var", "k"));
            args.addAll((List<Object>) vector.get("weights"));
            Map<String, Object> rule = Map.of("fractional", args);
            assertThat(JsonLogic.apply(rule, Map.of("k", vector.get("hashed"))))
                    .as("%s", vector.get("hashed"))
                    .isEqualTo(vector.get("variant"));
        }
    }

    @Test
    void fractionalShorthandHashesFlagKeyAndTargetingKey() {
        Object rule = json("{\"fractional\": [[\"a\", 50], [\"b\", 50]]}");
        Object withKey =
                JsonLogic.apply(rule, Map.of("targetingKey", "user-1", "$flagd", Map.of("flagKey", "fractional-flag")));
        Object explicit = JsonLogic.apply(
                json("{\"fractional\": [\"fractional-flaguser-1\", [\"a\", 50], [\"b\", 50]]}"), Map.of());
        assertThat(withKey).isEqualTo(explicit).isNotNull();
        assertThat(JsonLogic.apply(rule, Map.of("targetingKey", "", "$flagd", Map.of("flagKey", "f"))))
                .as("an empty targeting key is no bucketing value")
                .isNull();
    }

    @Test
    void fractionalRefusesWhatItCannotDistribute() {
        assertThat(apply("{\"fractional\": [{\"var\": \"k\"}, [\"a\", 0], [\"b\", 0]]}", "{\"k\": \"x\"}"))
                .isNull();
        assertThat(apply("{\"fractional\": [{\"var\": \"k\"}, [\"a\", 50]]}", "{}"))
                .isNull();
        assertThat(apply("{\"fractional\": [{\"var\": \"k\"}, [\"a\", \"heavy\"]]}", "{\"k\": \"x\"}"))
                .isNull();
        assertThat(apply("{\"fractional\": [{\"var\": \"k\"}, [\"a\", -50], [\"b\", 10]]}", "{\"k\": \"x\"}"))
                .isEqualTo("b");
    }

    @Test
    void checkNamesTheFirstUnknownOperatorWithItsPath() {
        assertThat(JsonLogic.check(json("{\"if\": [{\"regex\": [1]}, \"a\"]}"), "flags.f.targeting"))
                .isEqualTo("flags.f.targeting.if[0]: unknown operator 'regex'");
        assertThat(JsonLogic.check(json("{\"==\": [1, 1], \"!=\": [1, 2]}"), "t"))
                .isEqualTo("t: an operation has exactly one operator, found 2 keys [==, !=]");
        assertThat(JsonLogic.check(json("{\"and\": [{\"var\": \"a\"}, true]}"), "t"))
                .isNull();
    }

    @Test
    void anUncheckedUnknownOperatorFailsAsTargetingThatCannotBeEvaluated() {
        assertThatThrownBy(() -> apply("{\"regex\": [1]}", "{}"))
                .isInstanceOf(VariantFunction.Failure.class)
                .hasMessage("unknown operator 'regex'");
    }
}
