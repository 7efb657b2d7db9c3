package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.ADMIN;
import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.MutableClock;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Prerequisite;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleFlagReferencesTests {

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final FlagStore store = FlagStores.inMemory(clock);

    @TempDir
    Path dir;

    private void createFlags(FlagAdmin admin) {
        admin.createFlag(EDITOR, flag("used"), null);
        admin.createFlag(EDITOR, flag("unused"), null);
        admin.createFlag(EDITOR, flag("required"), null);
        admin.createFlag(
                EDITOR,
                flag("dependent").toBuilder()
                        .prerequisite(Prerequisite.of("required", "on"))
                        .build(),
                null);
        admin.createFlag(EDITOR, flag("gone", FlagStatus.PAUSED), null);
        admin.changeStatus(ADMIN, "gone", FlagStatus.ARCHIVED, 1, "done");
    }

    @Test
    void reportsActiveFlagsThatNoCodeReferencesAndNoFlagRequires() {
        CodeReferences references = CodeReferences.parse(
                "refs.tsv", "# comment\nused\tshop/Checkout.java:12\ndependent\tshop/Checkout.java:20\n");
        FlagAdmin admin =
                FlagAdmin.builder(store).clock(clock).codeReferences(references).build();
        createFlags(admin);

        assertThat(admin.staleFlags(EDITOR).findings(StaleFlag.Reason.NOT_REFERENCED_BY_CODE))
                .containsExactly(new StaleFlag(
                        "unused",
                        StaleFlag.Reason.NOT_REFERENCED_BY_CODE,
                        "referenced by no code: in none of the 1 META-INF/flags/references.tsv file(s) on the class"
                                + " path, and no flag's prerequisite"));
    }

    @Test
    void saysNothingWhenNoReferencesAreKnown() {
        FlagAdmin admin = FlagAdmin.builder(store)
                .clock(clock)
                .codeReferences(CodeReferences.unknown())
                .build();
        createFlags(admin);

        assertThat(admin.staleFlags(EDITOR).findings(StaleFlag.Reason.NOT_REFERENCED_BY_CODE))
                .isEmpty();
    }

    @Test
    void readsEveryReferencesFileOnTheClassPathAndSkipsBadLines() throws Exception {
        Path one = write("one", "used\tshop/A.java:3\nno tab on this line\n");
        Path two = write("two", "# written by flags-codegen\r\ndependent\tshop/B.java:7\r\nused\tshop/B.java:9\r\n");
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {one.toUri().toURL(), two.toUri().toURL()}, null)) {
            CodeReferences references = CodeReferences.fromClassPath(loader);
            assertThat(references.known()).isTrue();
            assertThat(references.sources()).hasSize(2);
            assertThat(references.places())
                    .isEqualTo(Map.of(
                            "dependent", List.of("shop/B.java:7"), "used", List.of("shop/A.java:3", "shop/B.java:9")));

            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            FlagAdmin admin;
            try {
                admin = FlagAdmin.builder(store).clock(clock).build();
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            createFlags(admin);
            assertThat(admin.staleFlags(EDITOR).findings(StaleFlag.Reason.NOT_REFERENCED_BY_CODE))
                    .extracting(StaleFlag::key)
                    .as("the builder reads the class path by default")
                    .containsExactly("unused");
        }
    }

    @Test
    void withoutAnyReferencesFileNothingIsKnown() throws Exception {
        try (URLClassLoader empty = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThat(CodeReferences.fromClassPath(empty)).isEqualTo(CodeReferences.unknown());
            assertThat(CodeReferences.unknown().known()).isFalse();
        }
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name).resolve(CodeReferences.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return dir.resolve(name);
    }
}
