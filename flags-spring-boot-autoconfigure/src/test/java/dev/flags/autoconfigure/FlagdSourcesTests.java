package dev.flags.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** flagd files in {@code flags.sources}: by the {@code flagd:} prefix or the {@code .flagd.json} suffix. */
class FlagdSourcesTests {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));

    private static final EvaluationContext STAFF =
            EvaluationContext.builder().attribute("email", "ann@shop.example").build();

    private static String flagd(String defaultVariant) {
        return "{\"flags\": {\"live\": {\"state\": \"ENABLED\", \"variants\": {\"on\": true, \"off\": false},"
                + " \"defaultVariant\": \"" + defaultVariant + "\"}}}";
    }

    @Test
    void readsAClasspathFileEndingInFlagdJsonInFlagdsFormat() {
        runner.withPropertyValues(
                        "flags.sources[0]=classpath:shop.flagd.json", "flags.sources[1]=classpath:test-flags.yml")
                .run(context -> {
                    FlagManager flags = context.getBean(FlagManager.class);
                    assertThat(flags.getString("banner", "none", STAFF)).isEqualTo("staff");
                    assertThat(flags.getString("banner", "none", EvaluationContext.EMPTY))
                            .isEqualTo("public");
                    assertThat(flags.isEnabled("from-classpath", EvaluationContext.EMPTY))
                            .isTrue();
                    assertThat(context.getBean(FlagsLoadState.class).sources())
                            .containsExactly("classpath:shop.flagd.json", "classpath:test-flags.yml");
                });
    }

    @Test
    void readsAFileWithTheFlagdPrefixInFlagdsFormatAndHotReloadsIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("flags.json");
        Files.writeString(file, flagd("off"));
        runner.withPropertyValues("flags.sources[0]=flagd:file:" + file).run(context -> {
            FlagManager flags = context.getBean(FlagManager.class);
            assertThat(flags.isEnabled("live", EvaluationContext.EMPTY)).isFalse();
            Files.writeString(file, flagd("on"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> flags.isEnabled("live", EvaluationContext.EMPTY));
            FlagsLoadState state = context.getBean(FlagsLoadState.class);
            Files.writeString(file, flagd("maybe"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.failures() == 1);
            assertThat(state.lastError())
                    .contains(
                            "flags.json: flags.live.defaultVariant: unknown variant 'maybe' (expected one of on, off)");
            assertThat(flags.isEnabled("live", EvaluationContext.EMPTY)).isTrue();
        });
    }

    @Test
    void withoutFlagsFlagdAFlagdLocationFailsStartupSayingWhatToAdd() {
        runner.withClassLoader(new FilteredClassLoader("dev.flags.flagd"))
                .withPropertyValues("flags.sources[0]=classpath:shop.flagd.json")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("flags.sources[0] 'classpath:shop.flagd.json' is a flagd flag definition file:"
                                    + " add dev.flags:flags-flagd to the application's dependencies to read it");
                });
    }

    @Test
    void otherLocationsStayInThisProjectsFormat() {
        runner.withPropertyValues("flags.sources[0]=classpath:test-flags.yml")
                .withClassLoader(new FilteredClassLoader("dev.flags.flagd"))
                .run(context -> assertThat(
                                context.getBean(FlagManager.class).isEnabled("from-classpath", EvaluationContext.EMPTY))
                        .isTrue());
    }
}
