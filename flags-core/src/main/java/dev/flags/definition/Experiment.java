package dev.flags.definition;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Marks a flag as an experiment: which variant is the control, which conversions it measures and
 * when it runs. The variants are assigned by one distribution of the flag: the fallthrough's, or
 * the named rule's. Inside {@code [start, end)} the flag evaluates as usual and exposures to that
 * distribution's variants are recorded; outside it, everyone who would reach the flag's targeting
 * gets the control variant with reason {@code DEFAULT}, and nothing is recorded.
 *
 * @param hypothesis what the experiment expects to show, for people reading results
 * @param controlVariant the variant the others are compared with
 * @param conversions the names of the conversions it measures, as passed to {@code track}
 * @param start when it starts, inclusive
 * @param end when it ends, exclusive
 * @param rule the id of the rule whose distribution assigns variants; {@code null} means the
 *     fallthrough
 */
public record Experiment(
        String hypothesis,
        String controlVariant,
        List<String> conversions,
        Instant start,
        Instant end,
        @Nullable String rule) {

    /** Checks and copies the components; {@link Definitions#validate()} checks their meaning. */
    public Experiment {
        requireNonNull(hypothesis, "hypothesis");
        requireNonNull(controlVariant, "controlVariant");
        conversions = List.copyOf(conversions);
        requireNonNull(start, "start");
        requireNonNull(end, "end");
    }

    /**
     * An experiment assigned by the fallthrough, without a hypothesis.
     *
     * @param controlVariant the control variant
     * @param start when it starts
     * @param end when it ends
     * @param conversions the conversions it measures
     * @return the experiment
     */
    public static Experiment of(String controlVariant, Instant start, Instant end, String... conversions) {
        return new Experiment("", controlVariant, Arrays.asList(conversions), start, end, null);
    }

    /** This experiment with a hypothesis. */
    public Experiment withHypothesis(String newHypothesis) {
        return new Experiment(newHypothesis, controlVariant, conversions, start, end, rule);
    }

    /** This experiment assigned by the distribution of the rule with the given id. */
    public Experiment withRule(@Nullable String newRule) {
        return new Experiment(hypothesis, controlVariant, conversions, start, end, newRule);
    }

    /**
     * Whether the experiment runs at the given instant.
     *
     * @param now the instant
     * @return {@code true} from {@code start} inclusive to {@code end} exclusive
     */
    public boolean runsAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }
}
