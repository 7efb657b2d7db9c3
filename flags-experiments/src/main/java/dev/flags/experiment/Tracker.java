package dev.flags.experiment;

import static java.util.Objects.requireNonNull;

import dev.flags.definition.Experiment;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One experiment as currently defined, with its attribution state. The definition part is
 * immutable and replaced when definitions change; the {@link Attribution} carries over as long as
 * the experiment's start and conversions stay the same.
 */
final class Tracker {

    final String flagKey;
    final Experiment experiment;
    final long start;
    final long end;
    final @Nullable String ruleId;
    final Map<String, Integer> weights;
    final Map<String, Integer> conversionIndex;
    final MetricLayout layout;
    final Attribution attribution;

    Tracker(FlagDefinition flag, @Nullable Tracker previous, int maxUsers, long lookBackMillis) {
        this.flagKey = flag.key();
        this.experiment = requireNonNull(flag.experiment(), () -> "flag '" + flag.key() + "' has no experiment");
        this.start = experiment.start().toEpochMilli();
        this.end = experiment.end().toEpochMilli();
        this.ruleId = experiment.rule();
        this.weights = weights(flag);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < experiment.conversions().size(); i++) {
            index.put(experiment.conversions().get(i), i);
        }
        this.conversionIndex = Map.copyOf(index);
        boolean compatible = previous != null
                && previous.experiment.start().equals(experiment.start())
                && previous.experiment.conversions().equals(experiment.conversions())
                && previous.experiment.allMetrics().equals(experiment.allMetrics());
        if (compatible && previous != null) {
            this.layout = previous.layout;
            this.attribution = previous.attribution;
        } else {
            this.layout = new MetricLayout(experiment);
            this.attribution = new Attribution(layout, maxUsers, lookBackMillis);
        }
    }

    /**
     * Whether a conversion at {@code now} is remembered as history before the experiment starts:
     * within the CUPED look-back of its start.
     */
    boolean remembersAt(long now) {
        return now < start && now >= start - attribution.lookBack;
    }

    /** The weights of the distribution that assigns the flag's experiment, in order; empty if none. */
    static Map<String, Integer> weights(FlagDefinition flag) {
        Map<String, Integer> assigned = new LinkedHashMap<>();
        Serve serve = flag.fallthrough();
        String ruleId = flag.experiment() == null ? null : flag.experiment().rule();
        if (ruleId != null) {
            for (Rule rule : flag.rules()) {
                if (rule.id().equals(ruleId)) {
                    serve = rule.serve();
                }
            }
        }
        if (serve instanceof Serve.Distribution distribution) {
            for (Serve.Weight weight : distribution.weights()) {
                assigned.put(weight.variant(), weight.weight());
            }
        }
        return java.util.Collections.unmodifiableMap(assigned);
    }

    boolean runsAt(long now) {
        return now >= start && now < end;
    }

    /** Whether an evaluation outcome is an assignment by this experiment's distribution. */
    boolean assigns(@Nullable String variant, @Nullable String servedByRule) {
        return variant != null && java.util.Objects.equals(servedByRule, ruleId) && weights.containsKey(variant);
    }

    ExperimentResults results(long now, ExperimentAnalysis analysis) {
        return results(
                flagKey,
                experiment,
                weights,
                attribution::counters,
                now,
                attribution.admitted.get(),
                attribution.untracked.sum(),
                attribution.crossovers.sum(),
                analysis);
    }

    /** Results from per-variant counters, wherever they were counted. */
    static ExperimentResults results(
            String flagKey,
            Experiment experiment,
            Map<String, Integer> weights,
            java.util.function.Function<String, Counters> countersOf,
            long now,
            long tracked,
            long untracked,
            long crossovers,
            ExperimentAnalysis applicationAnalysis) {
        ExperimentAnalysis analysis = applicationAnalysis.forExperiment(experiment);
        long start = experiment.start().toEpochMilli();
        long end = experiment.end().toEpochMilli();
        ExperimentResults.Status status = now < start
                ? ExperimentResults.Status.NOT_STARTED
                : now < end ? ExperimentResults.Status.RUNNING : ExperimentResults.Status.ENDED;
        String control = experiment.controlVariant();
        Counters controlCounters = countersOf.apply(control);
        long controlExposed = controlCounters.exposed.sum();
        List<ExperimentResults.VariantResults> variants = new ArrayList<>();
        Map<String, Long> observed = new LinkedHashMap<>();
        for (String variant : weights.keySet()) {
            Counters counters = countersOf.apply(variant);
            long exposed = counters.exposed.sum();
            observed.put(variant, exposed);
            boolean isControl = variant.equals(control);
            List<ExperimentResults.ConversionResults> conversions = new ArrayList<>();
            for (int i = 0; i < experiment.conversions().size(); i++) {
                long converting = counters.converting[i].sum();
                Lift lift = null;
                if (!isControl && exposed > 0 && controlExposed > 0) {
                    lift = Lift.compare(controlExposed, controlCounters.converting[i].sum(), exposed, converting);
                }
                conversions.add(new ExperimentResults.ConversionResults(
                        experiment.conversions().get(i),
                        converting,
                        exposed == 0 ? Double.NaN : (double) converting / exposed,
                        counters.conversions[i].sum(),
                        counters.value[i].sum(),
                        lift));
            }
            variants.add(new ExperimentResults.VariantResults(variant, isControl, exposed, conversions));
        }
        SampleRatioCheck sampleRatio = SampleRatioCheck.of(observed, weights);
        MetricResultsComputation metrics =
                new MetricResultsComputation(experiment, weights.keySet(), countersOf, analysis, sampleRatio);
        return new ExperimentResults(
                flagKey,
                experiment,
                status,
                Instant.ofEpochMilli(now),
                variants,
                sampleRatio,
                tracked,
                untracked,
                crossovers,
                analysis,
                metrics.metrics(),
                metrics.warnings());
    }

    /**
     * Which variant each tracked user was first exposed to and which conversions they made since:
     * exact for every user kept, and at most {@code maxUsers} users are kept. Users past the limit
     * are not admitted (rather than evicting others), so the counts stay exact for a stable set of
     * users: the first ones exposed.
     */
    static final class Attribution {
        final MetricLayout layout;
        final int conversionCount;
        final int maxUsers;
        final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();
        final AtomicInteger admitted = new AtomicInteger();
        final LongAdder untracked = new LongAdder();
        final LongAdder crossovers = new LongAdder();
        /** Conversions of users not exposed yet, for CUPED from the history; empty without look-back. */
        final ConcurrentHashMap<String, History> history = new ConcurrentHashMap<>();

        final long lookBack;

        Attribution(MetricLayout layout, int maxUsers, long lookBack) {
            this.layout = layout;
            this.conversionCount = layout.numerators.length;
            this.maxUsers = maxUsers;
            this.lookBack = lookBack;
        }

        /**
         * Remembers a conversion of a user who was not exposed yet, so that their value of each
         * metric before exposure can be their covariate. At most {@code maxUsers} users are
         * remembered, each with their last {@value History#CAPACITY} conversions within the
         * look-back; users beyond that start with a covariate of 0, which keeps the estimate
         * unbiased (the covariate is fixed before assignment) and only reduces less variance.
         */
        void remember(String targetingKey, int conversion, @Nullable Double value, long now) {
            if (lookBack <= 0 || !layout.historyReads[conversion]) {
                return;
            }
            History known = history.get(targetingKey);
            if (known == null) {
                if (history.size() >= maxUsers) {
                    return;
                }
                known = history.computeIfAbsent(targetingKey, unused -> new History());
            }
            double amount = value == null || !Double.isFinite(value) ? 0 : value;
            known.add(now, conversion, amount, now - lookBack);
        }

        Counters counters(String variant) {
            Counters existing = counters.get(variant);
            return existing != null
                    ? existing
                    : counters.computeIfAbsent(variant, v -> new Counters(conversionCount, layout.metrics.length));
        }

        /**
         * Admits a user to the variant of their first exposure.
         *
         * @param covariates the user's covariate attributes at exposure (see {@link MetricLayout#covariates})
         */
        void expose(String targetingKey, String variant, long now, Map<String, Double> covariates) {
            User user = users.get(targetingKey);
            History past = user == null && lookBack > 0 ? history.remove(targetingKey) : null;
            if (user != null) {
                if (!user.variant.equals(variant)) {
                    crossovers.increment();
                }
                return;
            }
            if (admitted.incrementAndGet() > maxUsers) {
                admitted.decrementAndGet();
                untracked.increment();
                return;
            }
            Counters variantCounters = counters(variant);
            User mine = new User(variant, variantCounters, now, layout, covariates);
            layout.fillFromHistory(mine.covariates, past, now - lookBack, now);
            User raced = users.putIfAbsent(targetingKey, mine);
            if (raced != null) {
                admitted.decrementAndGet();
                if (!raced.variant.equals(variant)) {
                    crossovers.increment();
                }
                return;
            }
            variantCounters.exposed.increment();
            for (int m = 0; m < layout.metrics.length; m++) {
                double x = mine.covariates[m];
                if (x != 0) {
                    variantCounters.metrics[m].covariateSum.add(x);
                    variantCounters.metrics[m].covariateSumOfSquares.add(x * x);
                }
            }
        }

        /** Credits the conversion to the variant the user was exposed to; that variant, or {@code null}. */
        @Nullable
        String convert(String targetingKey, int conversion, @Nullable Double value, long now) {
            User user = users.get(targetingKey);
            if (user == null) {
                remember(targetingKey, conversion, value, now);
                return null;
            }
            if (now < user.exposedAt) {
                return null;
            }
            long bit = 1L << conversion;
            synchronized (user) {
                boolean first = (user.converted & bit) == 0;
                user.converted |= bit;
                Counters counters = user.counters;
                if (first) {
                    counters.converting[conversion].increment();
                }
                counters.conversions[conversion].increment();
                // A value that is not a finite number (NaN from a failed parse, say) counts as none.
                double amount = value == null || !Double.isFinite(value) ? 0 : value;
                counters.value[conversion].add(amount);
                for (int m : layout.numerators[conversion]) {
                    double delta = switch (layout.metrics[m].type()) {
                        case BINOMIAL -> first ? 1 : 0;
                        case COUNT, COUNT_RATIO -> 1;
                        case MEAN, RATIO -> amount;
                    };
                    if (delta != 0) {
                        MetricSums sums = counters.metrics[m];
                        double old = user.values[m];
                        sums.sum.add(delta);
                        // (old + delta)^2 - old^2: the variant's sum of squares of per-user totals.
                        sums.sumOfSquares.add(delta * (2 * old + delta));
                        sums.denominatorProducts.add(delta * user.denominators[m]);
                        sums.covariateProducts.add(delta * user.covariates[m]);
                        user.values[m] = old + delta;
                    }
                }
                for (int m : layout.denominators[conversion]) {
                    MetricSums sums = counters.metrics[m];
                    double old = user.denominators[m];
                    sums.denominatorSum.add(1);
                    sums.denominatorSumOfSquares.add(2 * old + 1);
                    sums.denominatorProducts.add(user.values[m]);
                    user.denominators[m] = old + 1;
                }
            }
            return user.variant;
        }
    }

    /**
     * The conversions of one user not exposed yet, oldest first, at most {@value #CAPACITY}; guarded
     * by its monitor.
     */
    static final class History {
        static final int CAPACITY = 64;
        // Grown on demand: most users convert a few times, and memory is per remembered user.
        long[] times = new long[2];
        int[] conversions = new int[2];
        double[] values = new double[2];
        int size;

        synchronized void add(long time, int conversion, double value, long oldest) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (times[i] >= oldest && (size < CAPACITY || i > 0)) {
                    times[kept] = times[i];
                    conversions[kept] = this.conversions[i];
                    values[kept] = this.values[i];
                    kept++;
                }
            }
            if (kept == times.length) {
                int grown = Math.min(CAPACITY, times.length * 2);
                times = java.util.Arrays.copyOf(times, grown);
                conversions = java.util.Arrays.copyOf(conversions, grown);
                values = java.util.Arrays.copyOf(values, grown);
            }
            times[kept] = time;
            conversions[kept] = conversion;
            values[kept] = value;
            size = kept + 1;
        }
    }

    /** One tracked user; the conversion state is guarded by the user's monitor. */
    static final class User {
        final String variant;
        final Counters counters;
        final long exposedAt;
        final double[] covariates;
        final double[] values;
        final double[] denominators;
        long converted;

        User(String variant, Counters counters, long exposedAt, MetricLayout layout, Map<String, Double> covariates) {
            this.variant = variant;
            this.counters = counters;
            this.exposedAt = exposedAt;
            this.covariates = layout.covariateValues(covariates);
            this.values = new double[layout.metrics.length];
            this.denominators = new double[layout.metrics.length];
        }
    }

    static final class Counters {
        final LongAdder exposed = new LongAdder();
        final LongAdder[] converting;
        final LongAdder[] conversions;
        final DoubleAdder[] value;
        final MetricSums[] metrics;

        Counters(int conversionCount, int metricCount) {
            metrics = new MetricSums[metricCount];
            for (int m = 0; m < metricCount; m++) {
                metrics[m] = new MetricSums();
            }
            converting = new LongAdder[conversionCount];
            conversions = new LongAdder[conversionCount];
            value = new DoubleAdder[conversionCount];
            for (int i = 0; i < conversionCount; i++) {
                converting[i] = new LongAdder();
                conversions[i] = new LongAdder();
                value[i] = new DoubleAdder();
            }
        }
    }
}
