package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.TypedVariant;
import dev.flags.definition.DefinitionsReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

class FlagVariantsSourceTests {

    static final FlagManager FLAGS = TestFlags.wrap(FlagManager.builder()
            .definitions(DefinitionsReader.read(
                    "test-flags.yml", FlagVariantsSourceTests.class.getResourceAsStream("/test-flags.yml")))
            .watch(false)
            .build());

    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    /** What typed flags generate for {@code pricing}. */
    enum Pricing implements TypedVariant {
        STANDARD("standard"),
        DISCOUNT("discount");

        private final String name;

        Pricing(String name) {
            this.name = name;
        }

        @Override
        public String variantName() {
            return name;
        }
    }

    @ParameterizedTest
    @FlagVariantsSource(value = "pricing", definitions = "test-flags.yml")
    void runsOncePerVariantWithThatVariantServed(String variant) {
        assertThat(FLAGS.getVariant("pricing")).isEqualTo(variant);
        assertThat(FLAGS.getString("pricing", "?")).isEqualTo(variant.equals("discount") ? "ten-off" : "list");
        SEEN.add(variant);
    }

    @ParameterizedTest
    @FlagVariantsSource("pricing")
    void takesTheGeneratedVariantEnum(Pricing variant) {
        assertThat(FLAGS.getVariant("pricing")).isEqualTo(variant.variantName());
        SEEN.add(variant.name());
    }

    @ParameterizedTest
    @FlagVariantsSource(value = "checkout", definitions = "test-flags.yml")
    void booleanFlagsRunOnAndOff(String variant) {
        assertThat(FLAGS.isEnabled("checkout")).isEqualTo(variant.equals("on"));
        SEEN.add("checkout:" + variant);
    }

    @AfterAll
    static void everyVariantRan() {
        assertThat(SEEN)
                .containsExactlyInAnyOrder(
                        "standard", "discount", "STANDARD", "DISCOUNT", "checkout:on", "checkout:off");
    }

    @Test
    void aFlagTheDefinitionsLackOrNoDefinitionsFailNamingTheMethod() {
        List<Launch.Outcome> outcomes = Launch.run(Map.of(), Misused.class);
        assertThat(outcomes)
                .extracting(Launch.Outcome::message)
                .containsExactlyInAnyOrder(
                        "@FlagVariantsSource(\"pricng\") on Misused.typo(): flag 'pricng' is not defined in"
                                + " test-flags.yml (flags: [banner, checkout, pricing])",
                        "@FlagVariantsSource(\"pricing\") on Misused.nowhere(): no definitions to read the variants"
                                + " from; set definitions = \"flags.yml\", take the flag's generated variant enum as"
                                + " the first parameter, or run the test with Spring (@SpringBootTest)",
                        "@FlagVariantsSource(\"pricing\") on Misused.missingFile(): definitions file 'nope.yml' not"
                                + " found on the test class path");
    }

    static class Misused {
        @ParameterizedTest
        @FlagVariantsSource(value = "pricng", definitions = "test-flags.yml")
        void typo(String variant) {}

        @ParameterizedTest
        @FlagVariantsSource("pricing")
        void nowhere(String variant) {}

        @ParameterizedTest
        @FlagVariantsSource(value = "pricing", definitions = "nope.yml")
        void missingFile(String variant) {}
    }
}
