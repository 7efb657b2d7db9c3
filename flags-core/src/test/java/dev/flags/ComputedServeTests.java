package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.definition.VariantFunction;
import dev.flags.source.FlagSources;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Serve.Computed, flags without a default variant, and sources in another format. */
class ComputedServeTests {

    private static FlagDefinition flag(VariantFunction function) {
        return FlagDefinition.builder("f")
                .type(FlagType.STRING)
                .variant("a", "A")
                .variant("b", "B")
                .defaultVariant("a")
                .rule(new Rule("computed", null, List.of(), new Serve.Computed("test", "pick", function)))
                .build();
    }

    private static FlagManager manager(FlagDefinition flag) {
        return FlagManager.builder()
                .definitions(Definitions.of(flag))
                .clock(Clock.fixed(Instant.ofEpochMilli(42_000), ZoneOffset.UTC))
                .build();
    }

    @Test
    void servesTheComputedVariantAsATargetingMatchOfItsRule() {
        AtomicLong seenNow = new AtomicLong();
        try (FlagManager flags = manager(flag((key, targetingKey, attributes, now) -> {
            seenNow.set(now);
            return (String) attributes.get("pick");
        }))) {
            EvaluationDetails<String> details = flags.getStringDetails(
                    "f",
                    "fallback",
                    EvaluationContext.builder().attribute("pick", "b").build());
            assertThat(details.value()).isEqualTo("B");
            assertThat(details.variant()).isEqualTo("b");
            assertThat(details.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(details.ruleId()).isEqualTo("computed");
            assertThat(seenNow.get()).as("the manager's clock").isEqualTo(42_000);
            EvaluationDetails<String> none = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(none.variant()).as("null: the default variant").isEqualTo("a");
            assertThat(none.reason()).isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void aNameThatIsNoVariantIsAGeneralError() {
        try (FlagManager flags = manager(flag((key, targetingKey, attributes, now) -> "c"))) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(details.errorMessage())
                    .isEqualTo("targeting returned 'c', which is not a variant of flag 'f' (variants: a, b)");
        }
    }

    @Test
    void aFailureIsAParseErrorWithItsMessage() {
        try (FlagManager flags = manager(flag((key, targetingKey, attributes, now) -> {
            throw new VariantFunction.Failure("flags.json: flags.f.targeting: unknown operator 'regex'");
        }))) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(details.errorMessage()).isEqualTo("flags.json: flags.f.targeting: unknown operator 'regex'");
        }
    }

    @Test
    void anyOtherExceptionIsCaughtAsAGeneralError() {
        try (FlagManager flags = manager(flag((key, targetingKey, attributes, now) -> {
            throw new IllegalStateException("boom");
        }))) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "fallback", EvaluationContext.EMPTY);
            assertThat(details.value()).isEqualTo("fallback");
            assertThat(details.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(details.errorMessage()).isEqualTo("evaluation failed: java.lang.IllegalStateException: boom");
        }
    }

    @Test
    void aComputedServeOfALanguageNoReaderOnTheClassPathSpeaksIsRefusedNamingIt() {
        String yaml = DefinitionsWriter.toYaml(Definitions.of(flag((k, t, a, n) -> null)));
        assertThat(yaml).contains("computed:").contains("language: test").contains("source: pick");
        assertThatThrownBy(() -> dev.flags.definition.DefinitionsReader.read("flags.yml", yaml))
                .hasMessageContaining("flags.yml: flags.f.rules[0].serve.computed.language: no reader of 'test' on the"
                        + " class path (none is; flagd JSON Logic is read by dev.flags:flags-flagd)");
    }

    @Test
    void aFlagWithoutDefaultVariantServesTheCallersDefaultWithReasonDefault() {
        FlagDefinition flag = FlagDefinition.builder("f")
                .type(FlagType.STRING)
                .variant("a", "A")
                .build();
        assertThat(Definitions.of(flag).validate()).isEmpty();
        try (FlagManager flags = manager(flag)) {
            EvaluationDetails<String> details = flags.getStringDetails("f", "mine", EvaluationContext.EMPTY);
            assertThat(details.value()).isEqualTo("mine");
            assertThat(details.variant()).isNull();
            assertThat(details.reason())
                    .as("the caller's default is no static outcome")
                    .isEqualTo(Reason.DEFAULT);
        }
    }

    @Test
    void fileSourcesReadTheFormatTheyAreGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flags.txt");
        Files.writeString(file, "on");
        try (FlagManager flags = FlagManager.builder()
                .source(FlagSources.file(
                        file,
                        (source, utf8) -> Definitions.of(FlagDefinition.builder(source)
                                .defaultVariant(new String(utf8, StandardCharsets.UTF_8))
                                .build())))
                .build()) {
            assertThat(flags.isEnabled("flags.txt", EvaluationContext.EMPTY)).isTrue();
        }
    }
}
