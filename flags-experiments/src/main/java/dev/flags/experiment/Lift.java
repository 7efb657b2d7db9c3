package dev.flags.experiment;

/**
 * A treatment variant against the control for one conversion: the difference of conversion rates
 * with a 95% confidence interval, the same difference relative to the control's rate, and the
 * two-sided p-value of a two-proportion z-test.
 *
 * <p>The p-value uses the pooled standard error, as R's {@code prop.test(correct = FALSE)} does; the
 * absolute interval is the unpooled Wald interval of the difference, and the relative interval comes
 * from the delta method on the ratio of the two rates. All three are large-sample approximations:
 * with fewer than about ten converting and ten non-converting users per variant, read them as
 * indications only. Values that cannot be computed are {@link Double#NaN}: all relative values when
 * the control's rate is zero.
 *
 * @param absolute treatment rate minus control rate
 * @param absoluteLow lower end of the 95% confidence interval of {@code absolute}
 * @param absoluteHigh upper end of the 95% confidence interval of {@code absolute}
 * @param relative {@code absolute} divided by the control rate
 * @param relativeLow lower end of the 95% confidence interval of {@code relative}
 * @param relativeHigh upper end of the 95% confidence interval of {@code relative}
 * @param zScore the z statistic, positive when the treatment converts better
 * @param pValue the two-sided p-value of the difference; 1 when neither variant shows any variance
 */
public record Lift(
        double absolute,
        double absoluteLow,
        double absoluteHigh,
        double relative,
        double relativeLow,
        double relativeHigh,
        double zScore,
        double pValue) {

    /** The confidence level of the intervals. */
    public static final double CONFIDENCE = 0.95;

    private static final double Z = Statistics.normalQuantile(1 - (1 - CONFIDENCE) / 2);

    /**
     * Compares a treatment with the control.
     *
     * @param controlExposed users exposed to the control
     * @param controlConverting of those, users who converted
     * @param treatmentExposed users exposed to the treatment
     * @param treatmentConverting of those, users who converted
     * @return the comparison
     * @throws IllegalArgumentException when a count is negative, more users converted than were
     *     exposed, or a variant has no exposed user
     */
    public static Lift compare(
            long controlExposed, long controlConverting, long treatmentExposed, long treatmentConverting) {
        check(controlExposed, controlConverting, "control");
        check(treatmentExposed, treatmentConverting, "treatment");
        double pc = (double) controlConverting / controlExposed;
        double pt = (double) treatmentConverting / treatmentExposed;
        double varianceC = pc * (1 - pc) / controlExposed;
        double varianceT = pt * (1 - pt) / treatmentExposed;
        double difference = pt - pc;
        double standardError = Math.sqrt(varianceC + varianceT);

        double pooled = (double) (controlConverting + treatmentConverting) / (controlExposed + treatmentExposed);
        double pooledError = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlExposed + 1.0 / treatmentExposed));
        double z = pooledError == 0 ? 0 : difference / pooledError;
        double p = pooledError == 0 ? 1 : Math.min(1, 2 * Statistics.normalSurvival(Math.abs(z)));

        double relative = Double.NaN;
        double relativeLow = Double.NaN;
        double relativeHigh = Double.NaN;
        if (pc > 0) {
            double ratio = pt / pc;
            relative = ratio - 1;
            // Delta method: Var(pt/pc) ~ (pt/pc)^2 (Var pt / pt^2 + Var pc / pc^2); Var pt / pt^2 is 0 at pt = 0.
            double relativeVariance = (pt == 0 ? 0 : varianceT / (pt * pt)) + varianceC / (pc * pc);
            double relativeError = Math.abs(ratio) * Math.sqrt(relativeVariance);
            relativeLow = relative - Z * relativeError;
            relativeHigh = relative + Z * relativeError;
        }
        return new Lift(
                difference,
                difference - Z * standardError,
                difference + Z * standardError,
                relative,
                relativeLow,
                relativeHigh,
                z,
                p);
    }

    private static void check(long exposed, long converting, String variant) {
        if (exposed <= 0) {
            throw new IllegalArgumentException(variant + " has no exposed users");
        }
        if (converting < 0 || converting > exposed) {
            throw new IllegalArgumentException(variant + " converting users must be from 0 to " + exposed
                    + " exposed users (got " + converting + ")");
        }
    }

    /**
     * Whether the difference is significant at the given level.
     *
     * @param alpha the significance level, for example 0.05
     * @return {@code true} when the p-value is below {@code alpha}
     */
    public boolean significant(double alpha) {
        return pValue < alpha;
    }
}
