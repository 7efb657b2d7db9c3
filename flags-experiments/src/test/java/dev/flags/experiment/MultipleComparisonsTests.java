package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * Multiple comparisons against R's {@code p.adjust} definitions worked by hand (shown below), and
 * the sequential sample-ratio check against the Dirichlet-multinomial Bayes factor computed with
 * Commons Math's log-gamma, plus fixed-seed simulations of daily peeking.
 */
class MultipleComparisonsTests {

    @Test
    void holmMatchesPAdjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm"): sorted 0.005*4, 0.01*3, 0.03*2, max(0.04*1, 0.06)
        assertThat(MultipleComparisons.holm(0.01, 0.04, 0.03, 0.005))
                .containsExactly(new double[] {0.03, 0.06, 0.06, 0.02}, within(1e-15));
        // sorted 0.5*2 = 1, then max(1, 0.6*1)
        assertThat(MultipleComparisons.holm(0.5, 0.6)).containsExactly(1.0, 1.0);
        assertThat(MultipleComparisons.holm()).isEmpty();
    }

    @Test
    void benjaminiHochbergMatchesPAdjust() {
        // p.adjust(c(0.01, 0.04, 0.03, 0.005), "BH"): 0.005*4/1, 0.01*4/2, 0.03*4/3, 0.04*4/4, cumulative min from the
        // top
        assertThat(MultipleComparisons.benjaminiHochberg(0.01, 0.04, 0.03, 0.005))
                .containsExactly(new double[] {0.02, 0.04, 0.04, 0.02}, within(1e-15));
        assertThat(MultipleComparisons.benjaminiHochberg(0.9, 0.8)).containsExactly(0.9, 0.9);
    }

    @Test
    void rejectsPValuesOutOfRange() {
        assertThatThrownBy(() -> MultipleComparisons.holm(0.1, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p-value 1 must be from 0 to 1 (got 1.5)");
    }

    @Test
    void sequentialSampleRatioIsTheInverseBayesFactorOfTheDirichletMixture() {
        long[] counts = {5_120, 4_880};
        double[] shares = {0.5, 0.5};
        SampleRatioCheck check =
                SampleRatioCheck.of(java.util.Map.of("a", counts[0], "b", counts[1]), orderedWeights(50, 50));
        double logFactor = Gamma.logGamma(100) - Gamma.logGamma(100 + 10_000);
        for (int i = 0; i < 2; i++) {
            logFactor += Gamma.logGamma(100 * shares[i] + counts[i])
                    - Gamma.logGamma(100 * shares[i])
                    - counts[i] * Math.log(shares[i]);
        }
        assertThat(check.sequentialPValue()).isCloseTo(Math.min(1, Math.exp(-logFactor)), within(1e-10));
        assertThat(check.pValue()).isLessThan(0.02);
        assertThat(check.sequentialMismatch()).isFalse();

        SampleRatioCheck skewed =
                SampleRatioCheck.of(java.util.Map.of("a", 10_400L, "b", 9_600L), orderedWeights(50, 50));
        assertThat(skewed.sequentialMismatch()).isTrue();
        SampleRatioCheck empty = SampleRatioCheck.of(java.util.Map.of(), orderedWeights(50, 50));
        assertThat(empty.sequentialPValue()).isEqualTo(1);
        SampleRatioCheck impossible = SampleRatioCheck.of(java.util.Map.of("a", 3L, "b", 1L), orderedWeights(100, 0));
        assertThat(impossible.sequentialPValue()).isZero();
    }

    @Test
    void sequentialSampleRatioKeepsItsLevelWhenPeekedDaily() {
        // 400 correctly split 50/50 experiments, 30 daily looks at 200 new users a day, level 0.05.
        Random random = new Random(1812);
        int falseChiSquare = 0;
        int falseSequential = 0;
        for (int e = 0; e < 400; e++) {
            long a = 0;
            long b = 0;
            boolean chi = false;
            boolean sequential = false;
            for (int day = 0; day < 30; day++) {
                for (int u = 0; u < 200; u++) {
                    if (random.nextBoolean()) {
                        a++;
                    } else {
                        b++;
                    }
                }
                SampleRatioCheck check = SampleRatioCheck.of(java.util.Map.of("a", a, "b", b), orderedWeights(50, 50));
                chi |= check.pValue() < 0.05;
                sequential |= check.sequentialPValue() < 0.05;
            }
            falseChiSquare += chi ? 1 : 0;
            falseSequential += sequential ? 1 : 0;
        }
        assertThat(falseChiSquare / 400.0).as("chi-square, daily peeks").isGreaterThan(0.15);
        assertThat(falseSequential / 400.0).as("sequential, daily peeks").isLessThanOrEqualTo(0.05);
    }

    private static java.util.Map<String, Integer> orderedWeights(int a, int b) {
        java.util.Map<String, Integer> weights = new java.util.LinkedHashMap<>();
        weights.put("a", a);
        weights.put("b", b);
        return weights;
    }
}
