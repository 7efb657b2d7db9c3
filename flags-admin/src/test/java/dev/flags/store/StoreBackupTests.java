package dev.flags.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsWriter;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup file a follower writes after each applied change: built from each definition's JSON,
 * kept as the working copy changes, it is the text the whole definitions tree gives, and reads back
 * as what the engine applied.
 */
class StoreBackupTests {

    @TempDir
    Path directory;

    @Test
    void theBackupAfterEveryKindOfChangeIsTheWholeTreeOfWhatWasApplied() throws Exception {
        Path backup = directory.resolve("flags-backup.json");
        FlagStore store = FlagStores.inMemory();
        store.putFlag(flag("a", "on"), FlagStore.NEW, note());
        store.putFlag(flag("b", "off"), FlagStore.NEW, note());
        try (InspectableFlagManager flags = FlagManager.builder()
                .source(FlagStores.follow(store, Following.NONE.withBackupFile(backup)))
                .build()) {
            assertBackupHolds(backup, flags.definitions(), 2, store.name());

            store.putFlag(flag("a", "off"), 1, note());
            assertBackupHolds(backup, flags.definitions(), 3, store.name());

            store.putSegment(SegmentDefinition.ofKeys("vips", "alice"), FlagStore.NEW, note());
            store.putFlag(flag("c", "on"), FlagStore.NEW, note());
            assertBackupHolds(backup, flags.definitions(), 5, store.name());

            store.deleteFlag("b", 1, note());
            store.putSegment(SegmentDefinition.ofKeys("vips", "alice", "bob"), 1, note());
            assertThat(flags.definitions().flag("b")).isNull();
            assertBackupHolds(backup, flags.definitions(), 7, store.name());

            store.deleteSegment("vips", 2, note());
            assertBackupHolds(backup, flags.definitions(), 8, store.name());
        }
    }

    private static void assertBackupHolds(Path backup, Definitions applied, long sequence, String store)
            throws Exception {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("format", "flags-store-backup-1");
        tree.put("store", store);
        tree.put("sequence", sequence);
        tree.put("definitions", DefinitionsWriter.toTree(applied));
        String text = Files.readString(backup);
        assertThat(text).isEqualTo(DefinitionsWriter.json(tree));
    }

    private static FlagDefinition flag(String key, String variant) {
        return FlagDefinition.builder(key).defaultVariant(variant).build();
    }

    private static ChangeNote note() {
        return ChangeNote.of(AuditAction.UPDATE, "alice");
    }
}
