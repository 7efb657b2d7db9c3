package dev.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** npm's range semantics, on cases taken from node-semver's range-include and range-exclude fixtures. */
class SemverRangeTests {

    @ParameterizedTest(name = "{1} in {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "1.0.0 - 2.0.0; 1.2.3",
                "1.2.3 - 2.3.4; 2.3.4",
                "1.2 - 2.3.4; 1.2.0",
                "1.2.3 - 2.3; 2.3.9",
                "1.2.3 - 2; 2.9.9",
                "^1.2.3+build; 1.3.0",
                "1.2.3; 1.2.3",
                "=1.2.3; 1.2.3",
                "v1.2.3; 1.2.3",
                ">=1.2.3; 1.2.4",
                ">= 1.0.0; 1.0.0",
                ">1.0.0; 1.0.1",
                "<2.0.0; 1.9999.9999",
                "<=2.0.0; 2.0.0",
                ">1; 2.0.0",
                ">1.2; 1.3.0",
                "<1.2; 1.1.9",
                "<=1.2; 1.2.9",
                "*; 1.2.3",
                "''; 1.0.0",
                "1.x; 1.9.0",
                "1.2.x; 1.2.8",
                "1.2.*; 1.2.3",
                "2; 2.1.3",
                "2.3; 2.3.1",
                "~2.4; 2.4.5",
                "~>3.2.1; 3.2.2",
                "~1; 1.2.3",
                "~ 1.0; 1.0.2",
                "~1.2.1 >=1.2.3; 1.2.3",
                ">=1.2.1 1.2.3; 1.2.3",
                "1.2.3 >=1.2.1; 1.2.3",
                ">=0.1.97; 0.1.97",
                "0.1.20 || 1.2.4; 1.2.4",
                ">=0.2.3 || <0.0.1; 0.0.0",
                "||; 1.3.4",
                "2.x.x; 2.1.3",
                "^1.2.3; 1.8.1",
                "^0.1.2; 0.1.2",
                "^0.1; 0.1.2",
                "^0.0.1; 0.0.1",
                "^1.2; 1.4.2",
                "^1.2 ^1; 1.4.2",
                "^1.2.3-alpha; 1.2.3-pre",
                "^1.2.0-alpha; 1.2.0-pre",
                "^0.0.1-alpha; 0.0.1-beta",
                "^0.1.1-alpha; 0.1.1-beta",
                "^x; 1.2.3",
                "x - 1.0.0; 0.9.7",
                "x - 1.x; 0.9.7",
                "1.0.0 - x; 1.9.7",
                "1.x - x; 1.9.7",
                "<=7.x; 7.9.9",
                ">=1.0.0 <2.0.0; 1.5.0",
                "~1.2.3-beta.2; 1.2.3-beta.4",
            })
    void includes(String range, String version) {
        assertThat(satisfies(range, version)).isTrue();
    }

    @ParameterizedTest(name = "{1} not in {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "1.0.0 - 2.0.0; 2.2.3",
                "1.2.3+asdf - 2.4.3+asdf; 1.2.3-pre.2",
                "^1.2.3+build; 2.0.0",
                "^1.2.3+build; 1.2.0",
                "^1.2.3; 1.2.3-pre",
                "^1.2; 1.2.0-pre",
                ">1.2; 1.3.0-beta",
                "<=1.2.3; 1.2.3-beta",
                "^1.2.3; 1.2.3-beta",
                "=0.7.x; 0.7.0-asdf",
                ">=0.7.x; 0.7.0-asdf",
                "1.0.0; 1.0.1",
                ">=1.0.0; 0.0.0",
                ">=1.0.0; 0.0.1",
                ">1.0.0; 1.0.0",
                "<=2.0.0; 3.0.0",
                "<2.0.0; 2.0.0",
                "<1.2; 1.2.0",
                ">1; 1.9.9",
                "0.1.20 || 1.2.4; 1.2.3",
                ">=0.2.3 || <0.0.1; 0.0.3",
                "2.x.x; 3.1.3",
                "1.2.x; 1.3.3",
                "2.*.*; 3.1.3",
                "2; 1.1.3",
                "2.3; 2.4.1",
                "~2.4; 2.5.0",
                "~2.4; 2.3.9",
                "~>3.2.1; 3.3.2",
                "~1; 0.2.3",
                "<1; 1.0.0",
                ">=1.2; 1.1.1",
                "^0.1.2; 0.2.0",
                "^0.0.1; 0.0.2",
                "^1.2; 2.0.0",
                "^1.2.3-beta; 2.0.0-beta",
                "*; 1.0.0-rc1",
                ">*; 1.0.0",
                "<*; 1.0.0",
                "~1.2.3-beta.2; 1.2.4-beta.4",
                ">=1.0.0 <2.0.0; 2.0.0-rc.1",
            })
    void excludes(String range, String version) {
        assertThat(satisfies(range, version)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1.2.3.4", "^a.b", ">=1.0.0 <", "1.x.3", "01.2.3", "1.2 - 2.3 - 4", ">=>1.0.0", "~1.2-beta"})
    void rejectsWhatIsNoRange(String text) {
        assertThat(SemverRange.parse(text)).isNull();
    }

    private static boolean satisfies(String range, String version) {
        SemverRange parsed = SemverRange.parse(range);
        assertThat(parsed).as(range).isNotNull();
        return Objects.requireNonNull(parsed).satisfiedBy(Objects.requireNonNull(SemanticVersion.parse(version)));
    }
}
