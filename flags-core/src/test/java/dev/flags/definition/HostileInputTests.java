package dev.flags.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that is deep, empty, not UTF-8, null where something is expected, too long or ambiguous. */
class HostileInputTests {

    @TempDir
    Path dir;

    private static List<String> errors(Runnable read) {
        try {
            read.run();
        } catch (DefinitionsException e) {
            return e.errors().stream().map(DefinitionError::toString).toList();
        }
        throw new AssertionError("expected a DefinitionsException");
    }

    private static List<String> errors(String yaml) {
        return errors(() -> DefinitionsReader.read("flags.yml", yaml));
    }

    @Test
    void aVariantValueNestedThousandsOfLevelsDeepIsRefusedWithItsPath() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThat(errors("flags: {f: {type: object, variants: {v: " + deep + "}, default-variant: v}}"))
                .singleElement()
                .satisfies(e -> assertThat(e).startsWith("flags.yml: ").endsWith("nested deeper than 64 levels"));
    }

    @Test
    void aTreeDeeperThanTheLimitIsRefusedWithThePathWhereItGoesTooDeep() {
        Object value = "leaf";
        for (int i = 0; i < 10_000; i++) {
            value = List.of(value);
        }
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("type", "object");
        flag.put("variants", Map.of("v", value));
        flag.put("default-variant", "v");
        Object tree = Map.of("flags", Map.of("f", flag));
        assertThat(errors(() -> DefinitionsReader.fromTree("body", tree)))
                .containsExactly("body: flags.f.variants.v" + "[0]".repeat(60) + ": nested deeper than 64 levels");
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        Object value = "leaf";
        for (int i = 0; i < DefinitionsReader.MAX_DEPTH - 4; i++) {
            value = List.of(value);
        }
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("type", "object");
        flag.put("variants", Map.of("v", value));
        flag.put("default-variant", "v");
        Definitions read = DefinitionsReader.fromTree("body", Map.of("flags", Map.of("f", flag)));
        assertThat(read.flag("f").variants()).containsKey("v");
    }

    @Test
    void anEmptyOrBlankDocumentIsRefusedButAnExplicitEmptyOneMeansNoFlags() {
        for (String empty : List.of("", "   \n\t\n", "# only a comment\n")) {
            assertThat(errors(empty))
                    .as("%s", empty)
                    .containsExactly("flags.yml: empty document (for no flags, write 'flags: {}';"
                            + " the definitions were not changed)");
        }
        assertThat(DefinitionsReader.read("flags.yml", "flags: {}")).isEqualTo(Definitions.EMPTY);
        assertThat(DefinitionsReader.read("flags.yml", "{}")).isEqualTo(Definitions.EMPTY);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheFileAndTheByteOffset() throws Exception {
        byte[] latin1 = "flags: {caf\u00e9: {default-variant: on}}".getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("latin1.yml");
        Files.write(file, latin1);
        List<String> expected =
                List.of("latin1.yml: not valid UTF-8: byte 0xE9 at byte offset 11 (save the file as UTF-8)");
        assertThat(errors(() -> DefinitionsReader.read(file))).isEqualTo(expected);
        assertThat(errors(() -> DefinitionsReader.read("latin1.yml", new ByteArrayInputStream(latin1))))
                .isEqualTo(expected);
        assertThat(errors(() -> DefinitionsReader.parse("latin1.yml", latin1))).isEqualTo(expected);
    }

    @Test
    void aNullWhereSomethingIsExpectedIsAnErrorWithItsPath() {
        assertThat(errors("flags: {a: null, b: {default-variant: on}}"))
                .containsExactly("flags.yml: flags.a: missing flag definition (got null)");
        assertThat(errors("segments: {s: null}"))
                .containsExactly("flags.yml: segments.s: missing segment definition (got null)");
        assertThat(errors("""
                flags:
                  f:
                    default-variant: off
                    variants: {on: true, off: false, maybe: null}
                    prerequisites: [null]
                    targets: {on: null}
                    rules:
                      - null
                      - when: [null, {attribute: plan, operator: in, values: [gold, null]}]
                        serve: on
                      - when: [{attribute: plan, operator: equals, value: null}]
                        serve: on
                    fallthrough: {variant: off, steps: [null]}
                segments:
                  s:
                    rules: [null]
                """))
                .containsExactly(
                        "flags.yml: flags.f.variants.maybe: missing value",
                        "flags.yml: flags.f.prerequisites[0]: missing prerequisite (got null)",
                        "flags.yml: flags.f.targets.on: missing targeting keys (got null)",
                        "flags.yml: flags.f.rules[0]: missing rule (got null)",
                        "flags.yml: flags.f.rules[1].when[0]: missing condition (got null)",
                        "flags.yml: flags.f.rules[1].when[1].values[1]: missing value (got null)",
                        "flags.yml: flags.f.rules[2].when[0].value: missing value (got null)",
                        "flags.yml: flags.f.fallthrough.steps[0]: missing step (got null)",
                        "flags.yml: segments.s.rules[0]: missing rule (got null)",
                        "flags.yml: flags.f.fallthrough.steps: at least one step is required");
    }

    @Test
    void aBareBooleanServesTheVariantOfThatNameAndAnUnknownOneSaysToQuoteIt() {
        Definitions read = DefinitionsReader.read("flags.yml", """
                flags:
                  f:
                    variants: {"true": 1, "false": 0}
                    type: integer
                    default-variant: false
                    rules: [{when: [{attribute: plan, operator: equals, value: gold}], serve: true}]
                    fallthrough: false
                """);
        assertThat(read.flag("f").rules().get(0).serve()).isEqualTo(Serve.variant("true"));
        assertThat(read.flag("f").fallthrough()).isEqualTo(Serve.variant("false"));

        String hint =
                "; an unquoted on, off, yes, no, true or false is read as a boolean: quote the variant name, for example 'on'";
        assertThat(errors("""
                flags:
                  f:
                    default-variant: false
                    rules: [{when: [{attribute: plan, operator: equals, value: gold}], serve: true}]
                    fallthrough: {distribution: {true: 50, off: 50}}
                  g:
                    default-variant: on
                    prerequisites: [{flag: f, variant: true}]
                """))
                .containsExactly(
                        "flags.yml: flags.f.default-variant: unknown variant 'false' (expected one of on, off)" + hint,
                        "flags.yml: flags.f.rules[0].serve.variant: unknown variant 'true' (expected one of on, off)"
                                + hint,
                        "flags.yml: flags.f.fallthrough.distribution.true: unknown variant 'true'"
                                + " (expected one of on, off)" + hint,
                        "flags.yml: flags.g.prerequisites[0].variants[0]: unknown variant 'true' of flag 'f'"
                                + " (expected one of on, off)" + hint);
    }

    @Test
    void keysAndNamesHoldAtMostWhatEveryStoreHolds() {
        String longest = "k".repeat(Definitions.MAX_KEY_LENGTH);
        assertThat(DefinitionsReader.read(
                                "flags.yml", "flags: {" + longest + ": {default-variant: on, tags: [" + longest + "]}}")
                        .flag(longest)
                        .tags())
                .containsExactly(longest);

        String tooLong = "k".repeat(Definitions.MAX_KEY_LENGTH + 1);
        assertThat(errors("flags: {" + tooLong + ": {variants: {" + tooLong + ": true, off: false},"
                        + " default-variant: off, tags: [" + tooLong + "], environments: [" + tooLong + "]}}\n"
                        + "segments: {" + tooLong + ": {included: [u1]}}"))
                .containsExactly(
                        "flags.yml: flags." + tooLong
                                + ": flag key 'kkkkkkkkkkkkkkkkkkkk...' is 201 characters long (at most 200)",
                        "flags.yml: flags." + tooLong
                                + ".variants: variant name 'kkkkkkkkkkkkkkkkkkkk...' is 201 characters long (at most 200)",
                        "flags.yml: flags." + tooLong
                                + ".environments[0]: environment 'kkkkkkkkkkkkkkkkkkkk...' is 201 characters long"
                                + " (at most 200)",
                        "flags.yml: flags." + tooLong
                                + ".tags[0]: tag 'kkkkkkkkkkkkkkkkkkkk...' is 201 characters long (at most 200)",
                        "flags.yml: segments." + tooLong
                                + ": segment key 'kkkkkkkkkkkkkkkkkkkk...' is 201 characters long (at most 200)");
    }

    @Test
    void theReaderThrowsOnlyDefinitionsExceptionForADeeplyNestedFlowDocument() {
        List<String> docs = new ArrayList<>();
        docs.add("{a: ".repeat(20_000) + "1" + "}".repeat(20_000));
        docs.add("- ".repeat(3000) + "x");
        for (String doc : docs) {
            assertThatThrownBy(() -> DefinitionsReader.read("deep.yml", doc))
                    .isInstanceOf(DefinitionsException.class)
                    .hasMessageEndingWith("nested deeper than 64 levels");
        }
    }
}
