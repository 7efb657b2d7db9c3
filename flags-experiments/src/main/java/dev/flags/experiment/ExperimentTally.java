package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts of one experiment gathered outside this process (for example by a query over a table of
 * events), turned into {@link ExperimentResults} with the same statistics as the in-process
 * results. Not thread-safe: fill it, then ask for the results.
 */
public final class ExperimentTally {

    private final FlagDefinition flag;
    private final Experiment experiment;
    private final Map<String, Tracker.Counters> counters = new HashMap<>();
    private final Map<String, Integer> conversionIndex = new HashMap<>();
    private long tracked;

    /**
     * Starts counting for an experiment.
     *
     * @param flag the experiment's flag, as currently defined
     * @throws IllegalArgumentException when the flag is not an experiment
     */
    public ExperimentTally(FlagDefinition flag) {
        this.flag = requireNonNull(flag, "flag");
        Experiment defined = flag.experiment();
        if (defined == null) {
            throw new IllegalArgumentException("flag '" + flag.key() + "' is not an experiment");
        }
        this.experiment = defined;
        for (int i = 0; i < defined.conversions().size(); i++) {
            conversionIndex.put(defined.conversions().get(i), i);
        }
    }

    /**
     * Adds users first exposed to a variant.
     *
     * @param variant the variant
     * @param users how many distinct users
     * @return this tally
     */
    public ExperimentTally exposed(String variant, long users) {
        counters(variant).exposed.add(users);
        tracked += users;
        return this;
    }

    /**
     * Adds conversions of users exposed to a variant.
     *
     * @param variant the variant the users were first exposed to
     * @param conversion one of the experiment's conversion names
     * @param users how many distinct users converted
     * @param conversions how many conversions they made
     * @param value the sum of the conversions' values
     * @return this tally
     * @throws IllegalArgumentException when the experiment does not measure that conversion
     */
    public ExperimentTally converted(String variant, String conversion, long users, long conversions, double value) {
        Integer index = conversionIndex.get(conversion);
        if (index == null) {
            throw new IllegalArgumentException(
                    "experiment '" + flag.key() + "' does not measure conversion '" + conversion + "'");
        }
        Tracker.Counters variantCounters = counters(variant);
        variantCounters.converting[index].add(users);
        variantCounters.conversions[index].add(conversions);
        variantCounters.value[index].add(value);
        return this;
    }

    /**
     * The results from the counts so far.
     *
     * @param now the instant the results are for (decides the experiment's status)
     * @param crossovers users exposed to more than one variant
     * @return the results
     */
    public ExperimentResults results(Instant now, long crossovers) {
        return Tracker.results(
                flag.key(),
                experiment,
                Tracker.weights(flag),
                this::counters,
                now.toEpochMilli(),
                tracked,
                0,
                crossovers);
    }

    private Tracker.Counters counters(String variant) {
        return counters.computeIfAbsent(
                variant, v -> new Tracker.Counters(experiment.conversions().size()));
    }
}
