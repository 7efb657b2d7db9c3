package dev.flags.experiment;

/**
 * Adjusted p-values for many comparisons at once (every treatment against the control, on every
 * primary and secondary metric; guardrails are left out, since they protect rather than claim).
 * Each adjusted p-value is compared with the same level as an unadjusted one. Holm controls the
 * family-wise error rate (the chance of any false positive); Benjamini-Hochberg, the default of
 * the results, controls the false discovery rate (the expected share of false positives among the
 * significant ones) and keeps more power with many metrics. Both match R's {@code p.adjust}.
 */
public final class MultipleComparisons {

    private MultipleComparisons() {}

    /**
     * Holm's step-down adjustment: the i-th smallest of m p-values becomes {@code max over j <= i of
     * min(1, (m - j + 1) p_(j))}.
     *
     * @param pValues p-values from 0 to 1, in any order
     * @return adjusted p-values in the same order
     * @throws IllegalArgumentException when a p-value is not from 0 to 1
     */
    public static double[] holm(double... pValues) {
        int m = pValues.length;
        int[] order = order(pValues);
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int index = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }
        return adjusted;
    }

    /**
     * Benjamini and Hochberg's step-up adjustment: the i-th smallest of m p-values becomes {@code min
     * over j >= i of min(1, m p_(j) / j)}.
     *
     * @param pValues p-values from 0 to 1, in any order
     * @return adjusted p-values in the same order
     * @throws IllegalArgumentException when a p-value is not from 0 to 1
     */
    public static double[] benjaminiHochberg(double... pValues) {
        int m = pValues.length;
        int[] order = order(pValues);
        double[] adjusted = new double[m];
        double running = 1;
        for (int rank = m - 1; rank >= 0; rank--) {
            int index = order[rank];
            running = Math.min(running, Math.min(1, (double) m * pValues[index] / (rank + 1)));
            adjusted[index] = running;
        }
        return adjusted;
    }

    private static int[] order(double[] pValues) {
        Integer[] boxed = new Integer[pValues.length];
        for (int i = 0; i < pValues.length; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " must be from 0 to 1 (got " + pValues[i] + ")");
            }
            boxed[i] = i;
        }
        java.util.Arrays.sort(boxed, (a, b) -> Double.compare(pValues[a], pValues[b]));
        int[] order = new int[pValues.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }
}
