package dev.flags.test;

import dev.flags.FlagManager;

/**
 * AssertJ assertions on what the code under test evaluated, through a {@link TestFlags}-wrapped
 * manager (the application's bean with flags-test on the test class path), in the current test:
 *
 * <pre>{@code
 * import static dev.flags.test.FlagsAssertions.assertThat;
 *
 * assertThat(flags).evaluated("pricing").withVariant("discount");
 * assertThat(flags).exposed(AppFlags.PRICING).forTargetingKey("u1").withVariant(AppFlags.Pricing.DISCOUNT);
 * assertThat(flags).notEvaluated("new-checkout");
 * }</pre>
 *
 * <p>Evaluations are recorded per test by {@link FlagsExtension}, which every flags-test annotation
 * registers; add {@code @ExtendWith(FlagsExtension.class)} to a test class that uses none.
 */
public final class FlagsAssertions {

    private FlagsAssertions() {}

    /**
     * Starts assertions on a manager's evaluations in the current test.
     *
     * @param flags the manager the code under test uses
     * @return the assertion
     */
    public static FlagManagerAssert assertThat(FlagManager flags) {
        return new FlagManagerAssert(flags);
    }
}
