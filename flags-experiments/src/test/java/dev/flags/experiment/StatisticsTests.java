package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every expected value below was printed by SciPy 1.17.1 ({@code scipy.stats.norm.cdf},
 * {@code norm.ppf}, {@code chi2.sf}, {@code special.gammaln}, {@code chi2_contingency(correction=False)},
 * which equals R's {@code prop.test(correct = FALSE)}, and {@code chisquare}), unless a comment
 * says the value is a closed form.
 */
class StatisticsTests {

    private static final double TIGHT = 1e-13;

    @Test
    void normalCdfMatchesScipy() {
        assertThat(Statistics.normalCdf(0)).isEqualTo(0.5);
        assertThat(Statistics.normalCdf(1)).isCloseTo(0.8413447460685429, within(TIGHT));
        assertThat(Statistics.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(TIGHT));
        assertThat(Statistics.normalCdf(-1.96)).isCloseTo(0.024997895148220435, within(TIGHT));
        assertThat(Statistics.normalCdf(-3)).isCloseTo(0.0013498980316300933, within(1e-16));
        assertThat(Statistics.normalCdf(2.5)).isCloseTo(0.9937903346742238, within(TIGHT));
        assertThat(Statistics.normalCdf(0.1)).isCloseTo(0.539827837277029, within(TIGHT));
    }

    @Test
    void normalTailsKeepTheirRelativePrecision() {
        assertThat(Statistics.normalCdf(-8)).isCloseTo(6.22096057427174e-16, withinPercentage(1e-9));
        assertThat(Statistics.normalCdf(-20)).isCloseTo(2.7536241186061556e-89, withinPercentage(1e-9));
        assertThat(Statistics.normalSurvival(8)).isCloseTo(6.22096057427174e-16, withinPercentage(1e-9));
    }

    @Test
    void normalQuantileMatchesScipy() {
        assertThat(Statistics.normalQuantile(0.5)).isCloseTo(0, within(TIGHT));
        assertThat(Statistics.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(TIGHT));
        assertThat(Statistics.normalQuantile(0.95)).isCloseTo(1.6448536269514722, within(TIGHT));
        assertThat(Statistics.normalQuantile(0.3)).isCloseTo(-0.5244005127080409, within(TIGHT));
        assertThat(Statistics.normalQuantile(0.001)).isCloseTo(-3.090232306167813, within(TIGHT));
        assertThat(Statistics.normalQuantile(0.999)).isCloseTo(3.090232306167813, within(1e-12));
        assertThat(Statistics.normalQuantile(1e-10)).isCloseTo(-6.361340902404056, within(1e-12));
        assertThat(Statistics.normalQuantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Statistics.normalQuantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> Statistics.normalQuantile(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("p must be from 0 to 1 (got 1.5)");
    }

    @Test
    void logGammaMatchesScipy() {
        assertThat(Statistics.logGamma(0.5)).isCloseTo(0.5723649429247, within(TIGHT));
        assertThat(Statistics.logGamma(1)).isCloseTo(0, within(TIGHT));
        assertThat(Statistics.logGamma(1.5)).isCloseTo(-0.12078223763524526, within(TIGHT));
        assertThat(Statistics.logGamma(2.5)).isCloseTo(0.2846828704729192, within(TIGHT));
        assertThat(Statistics.logGamma(10)).isCloseTo(12.801827480081469, within(1e-12));
        assertThat(Statistics.logGamma(100.5)).isCloseTo(361.43554046777757, within(1e-10));
    }

    @Test
    void chiSquareSurvivalMatchesScipy() {
        assertThat(Statistics.chiSquareSurvival(3.84, 1)).isCloseTo(0.05004352124870519, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(10.828, 1)).isCloseTo(0.0009997657195830916, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(0.5, 1)).isCloseTo(0.47950012218695337, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(0.001, 1)).isCloseTo(0.9747728793699604, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(7.81, 3)).isCloseTo(0.05010605635000589, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(25.0, 4)).isCloseTo(5.0309817823062075e-05, within(1e-16));
        assertThat(Statistics.chiSquareSurvival(1.0, 5)).isCloseTo(0.9625657732472964, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(3.0, 9)).isCloseTo(0.9642949726850891, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(50.0, 30)).isCloseTo(0.01240206071890054, within(TIGHT));
        assertThat(Statistics.chiSquareSurvival(100.0, 10)).isCloseTo(5.4497019829205215e-17, withinPercentage(1e-9));
        assertThat(Statistics.chiSquareSurvival(0, 3)).isEqualTo(1);
    }

    @Test
    void chiSquareSurvivalMatchesClosedForms() {
        for (double x : new double[] {0.1, 1, 2.7, 6, 13.815510557964274, 40}) {
            // df 2: exp(-x/2); df 4: exp(-x/2) (1 + x/2); df 1: 2 (1 - Phi(sqrt x))
            assertThat(Statistics.chiSquareSurvival(x, 2)).isCloseTo(Math.exp(-x / 2), withinPercentage(1e-10));
            assertThat(Statistics.chiSquareSurvival(x, 4))
                    .isCloseTo(Math.exp(-x / 2) * (1 + x / 2), withinPercentage(1e-10));
            assertThat(Statistics.chiSquareSurvival(x, 1))
                    .isCloseTo(2 * Statistics.normalSurvival(Math.sqrt(x)), withinPercentage(1e-10));
        }
        assertThatThrownBy(() -> Statistics.chiSquareSurvival(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degrees of freedom must be at least 1 (got 0)");
    }

    @Test
    void liftMatchesPropTestWithoutContinuityCorrection() {
        // prop.test(c(130, 100), c(1000, 1000), correct = FALSE): X-squared = 4.421518054532056,
        // p-value = 0.03548845046647463; z = sqrt(X-squared) = 2.1027406056221145.
        Lift lift = Lift.compare(1000, 100, 1000, 130);
        assertThat(lift.absolute()).isCloseTo(0.03, within(1e-15));
        assertThat(lift.zScore()).isCloseTo(2.1027406056221145, within(1e-12));
        assertThat(lift.pValue()).isCloseTo(0.03548845046647463, within(1e-12));
        assertThat(lift.significant(0.05)).isTrue();
        // Wald interval 0.03 -/+ qnorm(0.975) sqrt(.1 .9 / 1000 + .13 .87 / 1000)
        assertThat(lift.absoluteLow()).isCloseTo(0.0020679344393763656, within(1e-12));
        assertThat(lift.absoluteHigh()).isCloseTo(0.057932065560623636, within(1e-12));
        // Delta method on pt / pc, evaluated in Python with the same formula
        assertThat(lift.relative()).isCloseTo(0.3, within(1e-12));
        assertThat(lift.relativeLow()).isCloseTo(-0.019179397713587065, within(1e-12));
        assertThat(lift.relativeHigh()).isCloseTo(0.6191793977135871, within(1e-12));
    }

    @Test
    void liftOfAWorseTreatmentWithUnequalGroups() {
        // prop.test(c(480, 500), c(9800, 10000), correct = FALSE): X-squared = 0.10954521694600271,
        // p-value = 0.7406624949668349
        Lift lift = Lift.compare(10000, 500, 9800, 480);
        assertThat(lift.zScore()).isCloseTo(-0.3309761576700091, within(1e-12));
        assertThat(lift.pValue()).isCloseTo(0.7406624949668349, within(1e-12));
        assertThat(lift.significant(0.05)).isFalse();
        assertThat(lift.absolute()).isCloseTo(-0.0010204081632653114, within(1e-15));
        assertThat(lift.absoluteLow()).isCloseTo(-0.007062415296050516, within(1e-12));
        assertThat(lift.absoluteHigh()).isCloseTo(0.005021598969519894, within(1e-12));
        assertThat(lift.relative()).isCloseTo(-0.020408163265306256, within(1e-12));
        assertThat(lift.relativeLow()).isCloseTo(-0.14002200407785498, within(1e-12));
        assertThat(lift.relativeHigh()).isCloseTo(0.09920567754724248, within(1e-12));
    }

    @Test
    void liftWithoutAnyConversionHasNoEvidenceAndNoRelativeValue() {
        Lift lift = Lift.compare(50, 0, 60, 0);
        assertThat(lift.absolute()).isZero();
        assertThat(lift.pValue()).isEqualTo(1);
        assertThat(lift.zScore()).isZero();
        assertThat(lift.relative()).isNaN();
        assertThat(lift.relativeLow()).isNaN();
        assertThatThrownBy(() -> Lift.compare(0, 0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("control has no exposed users");
        assertThatThrownBy(() -> Lift.compare(10, 1, 10, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("treatment converting users must be from 0 to 10 exposed users (got 11)");
    }

    @Test
    void sampleRatioCheckMatchesScipyChisquare() {
        // chisquare([5050, 4950]) = (1.0, 0.31731050786291115)
        SampleRatioCheck even = SampleRatioCheck.of(counts("a", 5050, "b", 4950), weights("a", 50, "b", 50));
        assertThat(even.chiSquare()).isCloseTo(1.0, within(1e-12));
        assertThat(even.degreesOfFreedom()).isEqualTo(1);
        assertThat(even.pValue()).isCloseTo(0.31731050786291115, within(1e-12));
        assertThat(even.mismatch()).isFalse();
        // chisquare([5200, 4800]) = (16.0, 6.334248366623988e-05)
        SampleRatioCheck skewed = SampleRatioCheck.of(counts("a", 5200, "b", 4800), weights("a", 1, "b", 1));
        assertThat(skewed.chiSquare()).isCloseTo(16.0, within(1e-12));
        assertThat(skewed.pValue()).isCloseTo(6.334248366623988e-05, withinPercentage(1e-8));
        assertThat(skewed.mismatch()).isTrue();
        // chisquare([1000, 2100], [3100/3, 6200/3]) = (1.612903225806452, 0.20408417776556959)
        SampleRatioCheck twoToOne = SampleRatioCheck.of(counts("a", 1000, "b", 2100), weights("a", 1, "b", 2));
        assertThat(twoToOne.chiSquare()).isCloseTo(1.612903225806452, within(1e-12));
        assertThat(twoToOne.pValue()).isCloseTo(0.20408417776556959, within(1e-12));
        assertThat(twoToOne.expectedShares()).containsExactly(Map.entry("a", 1 / 3.0), Map.entry("b", 2 / 3.0));
    }

    @Test
    void sampleRatioCheckOverThreeVariants() {
        // chisquare([3400, 3300, 3700], [2600, 2600, 5200]) = (867.3076923076924, 4.640102339995496e-189)
        SampleRatioCheck check =
                SampleRatioCheck.of(counts("a", 3400, "b", 3300, "c", 3700), weights("a", 25, "b", 25, "c", 50));
        assertThat(check.chiSquare()).isCloseTo(867.3076923076924, within(1e-9));
        assertThat(check.degreesOfFreedom()).isEqualTo(2);
        assertThat(check.pValue()).isCloseTo(4.640102339995496e-189, withinPercentage(1e-6));
        assertThat(check.mismatch()).isTrue();
    }

    @Test
    void sampleRatioCheckEdgeCases() {
        SampleRatioCheck none = SampleRatioCheck.of(Map.of(), weights("a", 1, "b", 1));
        assertThat(none.pValue()).isEqualTo(1);
        assertThat(none.mismatch()).isFalse();
        assertThat(none.observed()).containsExactly(Map.entry("a", 0L), Map.entry("b", 0L));
        SampleRatioCheck zeroWeightExposed = SampleRatioCheck.of(counts("a", 10, "b", 1), weights("a", 1, "b", 0));
        assertThat(zeroWeightExposed.chiSquare()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(zeroWeightExposed.pValue()).isZero();
        assertThat(zeroWeightExposed.mismatch()).isTrue();
        assertThatThrownBy(() -> SampleRatioCheck.of(Map.of(), weights("a", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights must not all be zero");
    }

    private static Map<String, Long> counts(Object... pairs) {
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], ((Integer) pairs[i + 1]).longValue());
        }
        return map;
    }

    private static Map<String, Integer> weights(Object... pairs) {
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }
}
