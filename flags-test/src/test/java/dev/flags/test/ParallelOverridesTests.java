package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

class ParallelOverridesTests {

    /** One manager, as one cached application context shares one bean between test classes. */
    static final FlagManager SHARED = TestFlags.wrap(FlagManager.builder()
            .definitions(Definitions.of(
                    FlagDefinition.builder("checkout").defaultVariant("off").build(),
                    FlagDefinition.builder("search").defaultVariant("off").build()))
            .watch(false)
            .build());

    /** Both classes' tests wait here for each other: they pass only when they really overlap. */
    static final CyclicBarrier BOTH_RUNNING = new CyclicBarrier(2);

    static void overlap() throws Exception {
        BOTH_RUNNING.await(30, TimeUnit.SECONDS);
    }

    @Test
    void parallelTestClassesNeverSeeEachOthersOverrides() {
        List<Launch.Outcome> outcomes = Launch.run(
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
                CheckoutOn.class,
                CheckoutOffSearchOn.class);
        assertThat(outcomes).extracting(Launch.Outcome::message).containsOnly("");
        assertThat(outcomes)
                .extracting(Launch.Outcome::name)
                .containsExactlyInAnyOrder("seesOnlyItsOwnOverrides()", "seesOnlyItsOwnProgrammaticOverrides()");
        assertThat(SHARED.isEnabled("checkout")).as("nothing leaks to the JVM").isFalse();
    }

    @ExtendWith(FlagsExtension.class)
    @EnableFlag("checkout")
    static class CheckoutOn {
        @Test
        void seesOnlyItsOwnOverrides() throws Exception {
            overlap();
            assertThat(SHARED.isEnabled("checkout")).isTrue();
            assertThat(SHARED.isEnabled("search")).isFalse();
            overlap();
            FlagsAssertions.assertThat(SHARED).evaluated("checkout").times(1).withVariant("on");
            FlagsAssertions.assertThat(SHARED).evaluated("search").times(1).withVariant("off");
        }
    }

    @ExtendWith(FlagsExtension.class)
    static class CheckoutOffSearchOn {
        @BeforeAll
        static void forTheWholeClass() {
            TestFlags.enable("search");
        }

        @Test
        void seesOnlyItsOwnProgrammaticOverrides() throws Exception {
            TestFlags.disable("checkout");
            overlap();
            assertThat(SHARED.isEnabled("checkout")).isFalse();
            assertThat(SHARED.isEnabled("search")).isTrue();
            overlap();
            FlagsAssertions.assertThat(SHARED).evaluated("search").times(1).withVariant("on");
        }
    }
}
