package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ProviderEvaluation;
import org.junit.jupiter.api.Test;

class OutcomesTests {

    @Test
    void servesOneSharedAnswerPerOutcomeThatRefusesChanges() {
        try (InspectableFlagManager flags = FlagManager.builder()
                .definitions(Definitions.of(bool("on").build()))
                .watch(false)
                .build()) {
            FlagsProvider provider = FlagsProvider.of(flags);
            provider.initialize(new ImmutableContext());
            ProviderEvaluation<Boolean> first = provider.getBooleanEvaluation("on", false, new ImmutableContext("a"));
            ProviderEvaluation<Boolean> second = provider.getBooleanEvaluation("on", false, new ImmutableContext("b"));

            assertThat(second).isSameAs(first);
            assertThat(first.getValue()).isTrue();
            assertThat(first.getVariant()).isEqualTo("on");
            assertThatThrownBy(() -> first.setValue(false))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("shared between calls");
            assertThat(provider.getBooleanEvaluation("on", false, null).getValue())
                    .isTrue();
            // the caller's default is never shared: a missing flag answers a new evaluation each time
            assertThat(provider.getBooleanEvaluation("missing", true, null))
                    .isNotSameAs(provider.getBooleanEvaluation("missing", true, null));
            assertThat(provider.getProviderHooks()).isEmpty();
        }
    }
}
