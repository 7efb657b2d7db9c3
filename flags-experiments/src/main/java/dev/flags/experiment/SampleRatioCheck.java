package dev.flags.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the exposed users split across variants as the experiment's distribution says they
 * should: a chi-square goodness-of-fit test of the exposed users per variant against the configured
 * weights. A mismatch (p below {@value #THRESHOLD}) means something between assignment and record
 * loses or adds users of some variants (redirects, crashes, bots, caching, a changed distribution)
 * and that the experiment's results should not be trusted until it is explained.
 *
 * <p>A variant with zero weight that still has exposed users is a certain mismatch: chi-square is
 * infinite and p is 0. Without any exposed user there is nothing to test: p is 1.
 *
 * @param observed exposed users per variant, in distribution order
 * @param expectedShares each variant's configured share of users, from 0 to 1
 * @param chiSquare the test statistic
 * @param degreesOfFreedom variants with a positive weight, minus one
 * @param pValue the probability of a split at least this uneven if assignment works as configured
 * @param mismatch whether {@code pValue} is below {@value #THRESHOLD}
 */
public record SampleRatioCheck(
        Map<String, Long> observed,
        Map<String, Double> expectedShares,
        double chiSquare,
        int degreesOfFreedom,
        double pValue,
        boolean mismatch) {

    /** The p-value below which the split is reported as a mismatch. */
    public static final double THRESHOLD = 0.001;

    /** Copies the components. */
    public SampleRatioCheck {
        observed = Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        expectedShares = Collections.unmodifiableMap(new LinkedHashMap<>(expectedShares));
    }

    /**
     * Tests observed counts against weights.
     *
     * @param observed exposed users per variant; variants not named count zero
     * @param weights the configured weight of each variant, in distribution order
     * @return the check
     * @throws IllegalArgumentException when a weight or count is negative, or all weights are zero
     */
    public static SampleRatioCheck of(Map<String, Long> observed, Map<String, Integer> weights) {
        long totalWeight = 0;
        for (Map.Entry<String, Integer> weight : weights.entrySet()) {
            if (weight.getValue() < 0) {
                throw new IllegalArgumentException(
                        "weight of '" + weight.getKey() + "' must not be negative (got " + weight.getValue() + ")");
            }
            totalWeight += weight.getValue();
        }
        if (totalWeight == 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        weights.keySet().forEach(variant -> counts.put(variant, 0L));
        long total = 0;
        for (Map.Entry<String, Long> count : observed.entrySet()) {
            if (count.getValue() < 0) {
                throw new IllegalArgumentException(
                        "count of '" + count.getKey() + "' must not be negative (got " + count.getValue() + ")");
            }
            counts.merge(count.getKey(), count.getValue(), Long::sum);
            total += count.getValue();
        }
        Map<String, Double> shares = new LinkedHashMap<>();
        double chiSquare = 0;
        int positive = 0;
        boolean impossible = false;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            int weight = weights.getOrDefault(count.getKey(), 0);
            double share = (double) weight / totalWeight;
            shares.put(count.getKey(), share);
            if (weight > 0) {
                positive++;
                double expected = total * share;
                if (expected > 0) {
                    double difference = count.getValue() - expected;
                    chiSquare += difference * difference / expected;
                }
            } else if (count.getValue() > 0) {
                impossible = true;
            }
        }
        int degreesOfFreedom = Math.max(1, positive - 1);
        if (impossible) {
            return new SampleRatioCheck(counts, shares, Double.POSITIVE_INFINITY, degreesOfFreedom, 0, true);
        }
        if (total == 0 || positive < 2) {
            return new SampleRatioCheck(counts, shares, 0, degreesOfFreedom, 1, false);
        }
        double p = Statistics.chiSquareSurvival(chiSquare, degreesOfFreedom);
        return new SampleRatioCheck(counts, shares, chiSquare, degreesOfFreedom, p, p < THRESHOLD);
    }

    /** The concentration of the Dirichlet mixture of {@link #sequentialPValue()}. */
    public static final double SEQUENTIAL_CONCENTRATION = 100;

    /**
     * The always-valid p-value of the sample-ratio check (Lindon and Malek, "Anytime-Valid
     * Inference for Multinomial Count Data", NeurIPS 2022): the inverse of the Bayes factor of a
     * Dirichlet-multinomial mixture, with Dirichlet parameters {@value #SEQUENTIAL_CONCENTRATION}
     * times the expected shares, against the configured shares. By Ville's inequality it may be
     * read as often as one likes: under a correct split, the chance that it ever drops below alpha
     * is at most alpha. It is less powerful than the chi-square p-value on a single look.
     *
     * @return {@code min(1, 1 / bayesFactor)}; 0 when a variant without weight has exposed users
     */
    public double sequentialPValue() {
        double concentration = 0;
        double logFactor = 0;
        long total = 0;
        for (Map.Entry<String, Long> count : observed.entrySet()) {
            double share = expectedShares.getOrDefault(count.getKey(), 0.0);
            long x = count.getValue();
            if (share == 0) {
                if (x > 0) {
                    return 0;
                }
                continue;
            }
            double a = SEQUENTIAL_CONCENTRATION * share;
            concentration += a;
            total += x;
            logFactor += Statistics.logGamma(a + x) - Statistics.logGamma(a) - x * Math.log(share);
        }
        if (total == 0) {
            return 1;
        }
        logFactor += Statistics.logGamma(concentration) - Statistics.logGamma(concentration + total);
        return Math.min(1, Math.exp(-logFactor));
    }

    /**
     * Whether the always-valid check reports a mismatch.
     *
     * @return {@code true} when {@link #sequentialPValue()} is below {@value #THRESHOLD}
     */
    public boolean sequentialMismatch() {
        return sequentialPValue() < THRESHOLD;
    }
}
