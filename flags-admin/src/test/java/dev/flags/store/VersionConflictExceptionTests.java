package dev.flags.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionConflictExceptionTests {

    @Test
    void namesTheKindKeyAndBothVersions() {
        assertThat(new VersionConflictException(EntityKind.FLAG, "a", 1, 2))
                .hasMessage("Flag 'a' is at version 2, not 1");
        assertThat(new VersionConflictException(EntityKind.SEGMENT, "beta", 3, 5))
                .hasMessage("Segment 'beta' is at version 5, not 3");
    }

    @Test
    void saysWhenTheEntityExistsAlreadyOrNoLonger() {
        assertThat(new VersionConflictException(EntityKind.FLAG, "a", FlagStore.NEW, 1))
                .hasMessage("Flag 'a' already exists (version 1)");
        assertThat(new VersionConflictException(EntityKind.FLAG, "a", 3, 0))
                .hasMessage("Flag 'a' was expected at version 3 but does not exist");
        assertThat(new VersionConflictException(EntityKind.SEGMENT, "beta", FlagStore.NEW, 0))
                .hasMessage("Segment 'beta' does not exist");
    }

    @Test
    void carriesWhatTheApiReports() {
        VersionConflictException conflict = new VersionConflictException(EntityKind.SEGMENT, "beta", 3, 5);

        assertThat(conflict.kind()).isEqualTo(EntityKind.SEGMENT);
        assertThat(conflict.key()).isEqualTo("beta");
        assertThat(conflict.expectedVersion()).isEqualTo(3);
        assertThat(conflict.currentVersion()).isEqualTo(5);
    }
}
