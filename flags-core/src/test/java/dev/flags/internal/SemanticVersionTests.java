package dev.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticVersionTests {

    @Test
    void ordersByPrecedenceAsSemverSpecifies() {
        // The example chain from semver.org section 11.
        List<String> ordered = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.1.0",
                "1.10.0",
                "2.0.0");
        for (int i = 0; i + 1 < ordered.size(); i++) {
            assertThat(SemanticVersion.parse(ordered.get(i)))
                    .as(ordered.get(i) + " < " + ordered.get(i + 1))
                    .isLessThan(SemanticVersion.parse(ordered.get(i + 1)));
        }
    }

    @Test
    void ignoresBuildMetadataAndAcceptsShortForms() {
        assertThat(SemanticVersion.parse("1.2.3+build.5")).isEqualByComparingTo(SemanticVersion.parse("1.2.3"));
        assertThat(SemanticVersion.parse("v2")).isEqualByComparingTo(SemanticVersion.parse("2.0.0"));
        assertThat(SemanticVersion.parse("2.1")).hasToString("2.1.0");
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        for (String bad : List.of("", "1.x", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "abc", "1..2")) {
            assertThat(SemanticVersion.parse(bad)).as(bad).isNull();
        }
    }
}
