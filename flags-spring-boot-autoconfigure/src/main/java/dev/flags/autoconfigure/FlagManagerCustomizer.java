package dev.flags.autoconfigure;

import dev.flags.FlagManagerBuilder;

/**
 * Adjusts the engine's {@link FlagManagerBuilder} before the auto-configured {@code FlagManager} is
 * built, after the starter has applied its properties: for example a fixed {@link java.time.Clock}
 * in tests of scheduled rollouts, or a longer error-log interval. Beans of this type are applied in
 * order.
 */
@FunctionalInterface
public interface FlagManagerCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, already configured from {@code flags.*} properties
     */
    void customize(FlagManagerBuilder builder);
}
