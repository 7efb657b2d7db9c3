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
import java.util.concurrent.atomic.AtomicLong;
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
    final Attribution attribution;

    Tracker(FlagDefinition flag, @Nullable Tracker previous, int maxUsers) {
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
        this.attribution = previous != null
                        && previous.experiment.start().equals(experiment.start())
                        && previous.experiment.conversions().equals(experiment.conversions())
                ? previous.attribution
                : new Attribution(experiment.conversions().size(), maxUsers);
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

    ExperimentResults results(long now) {
        return results(
                flagKey,
                experiment,
                weights,
                attribution::counters,
                now,
                attribution.admitted.get(),
                attribution.untracked.sum(),
                attribution.crossovers.sum());
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
            long crossovers) {
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
        return new ExperimentResults(
                flagKey,
                experiment,
                status,
                Instant.ofEpochMilli(now),
                variants,
                SampleRatioCheck.of(observed, weights),
                tracked,
                untracked,
                crossovers);
    }

    /**
     * Which variant each tracked user was first exposed to and which conversions they made since:
     * exact for every user kept, and at most {@code maxUsers} users are kept. Users past the limit
     * are not admitted (rather than evicting others), so the counts stay exact for a stable set of
     * users: the first ones exposed.
     */
    static final class Attribution {
        final int conversionCount;
        final int maxUsers;
        final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();
        final AtomicInteger admitted = new AtomicInteger();
        final LongAdder untracked = new LongAdder();
        final LongAdder crossovers = new LongAdder();

        Attribution(int conversionCount, int maxUsers) {
            this.conversionCount = conversionCount;
            this.maxUsers = maxUsers;
        }

        Counters counters(String variant) {
            Counters existing = counters.get(variant);
            return existing != null ? existing : counters.computeIfAbsent(variant, v -> new Counters(conversionCount));
        }

        void expose(String targetingKey, String variant, long now) {
            User user = users.get(targetingKey);
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
            User mine = new User(variant, variantCounters, now);
            User raced = users.putIfAbsent(targetingKey, mine);
            if (raced != null) {
                admitted.decrementAndGet();
                if (!raced.variant.equals(variant)) {
                    crossovers.increment();
                }
                return;
            }
            variantCounters.exposed.increment();
        }

        /** Credits a conversion to the user's variant; {@code false} when the user is not tracked. */
        /** Credits the conversion to the variant the user was exposed to; that variant, or {@code null}. */
        @Nullable
        String convert(String targetingKey, int conversion, @Nullable Double value, long now) {
            User user = users.get(targetingKey);
            if (user == null || now < user.exposedAt) {
                return null;
            }
            long bit = 1L << conversion;
            long before = user.converted.getAndAccumulate(bit, (a, b) -> a | b);
            if ((before & bit) == 0) {
                user.counters.converting[conversion].increment();
            }
            user.counters.conversions[conversion].increment();
            if (value != null) {
                user.counters.value[conversion].add(value);
            }
            return user.variant;
        }
    }

    static final class User {
        final String variant;
        final Counters counters;
        final long exposedAt;
        final AtomicLong converted = new AtomicLong();

        User(String variant, Counters counters, long exposedAt) {
            this.variant = variant;
            this.counters = counters;
            this.exposedAt = exposedAt;
        }
    }

    static final class Counters {
        final LongAdder exposed = new LongAdder();
        final LongAdder[] converting;
        final LongAdder[] conversions;
        final DoubleAdder[] value;

        Counters(int conversionCount) {
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
