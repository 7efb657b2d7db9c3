package dev.flags.test;

import dev.flags.FlagKey;
import dev.flags.FlagManager;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/** Assertions on the flags the code under test evaluated; see {@link FlagsAssertions}. */
public final class FlagManagerAssert extends AbstractAssert<FlagManagerAssert, FlagManager> {

    FlagManagerAssert(FlagManager actual) {
        super(actual, FlagManagerAssert.class);
    }

    /**
     * Asserts that the flag was evaluated in this test, and continues with its evaluations.
     *
     * @param key the flag key
     * @return assertions on the flag's evaluations
     */
    public EvaluationAssert evaluated(String key) {
        List<RecordedEvaluation> evaluations = evaluations(key, false);
        if (evaluations.isEmpty()) {
            failWithMessage("%s", "Expected flag '" + key + "' to be evaluated, but it was not; " + others());
        }
        return new EvaluationAssert(key, "evaluated", evaluations);
    }

    /**
     * Asserts that the typed flag was evaluated in this test.
     *
     * @param flag the typed key
     * @return assertions on the flag's evaluations
     */
    public EvaluationAssert evaluated(FlagKey<?> flag) {
        return evaluated(flag.key());
    }

    /**
     * Asserts that the experiment's flag exposed someone in this test: it is an experiment in the
     * manager's definitions and served a variant without error.
     *
     * @param key the flag key
     * @return assertions on the flag's exposures
     */
    public EvaluationAssert exposed(String key) {
        List<RecordedEvaluation> exposures = evaluations(key, true);
        if (exposures.isEmpty()) {
            List<RecordedEvaluation> evaluations = evaluations(key, false);
            String why = evaluations.isEmpty()
                    ? "it was not evaluated; " + others()
                    : !evaluations.get(0).experiment()
                            ? "it is not an experiment in the definitions (evaluated " + evaluations.size()
                                    + " time(s))"
                            : "its " + evaluations.size() + " evaluation(s) served no variant: "
                                    + EvaluationAssert.describe(evaluations);
            failWithMessage("%s", "Expected flag '" + key + "' to expose an experiment variant, but " + why);
        }
        return new EvaluationAssert(key, "exposed", exposures);
    }

    /**
     * Asserts that the typed flag exposed someone in this test.
     *
     * @param flag the typed key
     * @return assertions on the flag's exposures
     */
    public EvaluationAssert exposed(FlagKey<?> flag) {
        return exposed(flag.key());
    }

    /**
     * Asserts that the flag was not evaluated in this test.
     *
     * @param key the flag key
     * @return this assertion
     */
    public FlagManagerAssert notEvaluated(String key) {
        List<RecordedEvaluation> evaluations = evaluations(key, false);
        if (!evaluations.isEmpty()) {
            failWithMessage(
                    "%s",
                    "Expected flag '" + key + "' not to be evaluated, but it was evaluated " + evaluations.size()
                            + " time(s): " + EvaluationAssert.describe(evaluations));
        }
        return this;
    }

    /**
     * Asserts that the typed flag was not evaluated in this test.
     *
     * @param flag the typed key
     * @return this assertion
     */
    public FlagManagerAssert notEvaluated(FlagKey<?> flag) {
        return notEvaluated(flag.key());
    }

    private List<RecordedEvaluation> evaluations(String key, boolean exposuresOnly) {
        isNotNull();
        if (!(actual instanceof OverridingFlagManager)) {
            failWithMessage(
                    "%s",
                    "Expected a FlagManager wrapped by TestFlags, but got "
                            + actual.getClass().getName()
                            + "; with the Spring starter and flags-test the application's bean is wrapped, otherwise use"
                            + " TestFlags.wrap(manager)");
        }
        List<RecordedEvaluation> matching = new ArrayList<>();
        for (RecordedEvaluation evaluation : TestFlags.evaluations()) {
            if (evaluation.key().equals(key) && (!exposuresOnly || evaluation.exposure())) {
                matching.add(evaluation);
            }
        }
        return matching;
    }

    private static String others() {
        Set<String> keys = new LinkedHashSet<>();
        for (RecordedEvaluation evaluation : TestFlags.evaluations()) {
            keys.add(evaluation.key());
        }
        return keys.isEmpty()
                ? "no flag was evaluated in this test (is FlagsExtension registered?)"
                : "evaluated were " + keys;
    }
}
