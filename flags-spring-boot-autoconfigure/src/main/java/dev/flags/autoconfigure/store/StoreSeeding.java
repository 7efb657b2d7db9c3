package dev.flags.autoconfigure.store;

import dev.flags.admin.Actor;
import dev.flags.admin.AuditListener;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.FlagAdminBuilder;
import dev.flags.admin.SeedResult;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.SegmentDefinition;
import dev.flags.source.FlagSource;
import dev.flags.store.FlagStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;

/** Seeds a store from the definitions in properties and files, before the engine reads it. */
public final class StoreSeeding {

    /** The actor named in the audit entries of the seed. */
    static final Actor SEEDER = Actor.system("system:seed");

    private static final Log logger = LogFactory.getLog(StoreSeeding.class);

    private StoreSeeding() {}

    public static SeedResult seed(
            FlagStore store,
            List<FlagSource> sources,
            FlagsProperties properties,
            ObjectProvider<AuditListener> auditListeners) {
        Map<String, FlagDefinition> flags = new LinkedHashMap<>();
        Map<String, SegmentDefinition> segments = new LinkedHashMap<>();
        for (FlagSource source : sources) {
            Definitions loaded = source.load();
            for (FlagDefinition flag : loaded.flags()) {
                if (flags.putIfAbsent(flag.key(), flag) != null) {
                    throw new IllegalStateException(
                            "Flag '" + flag.key() + "' is defined twice; the second time in " + source.name());
                }
            }
            for (SegmentDefinition segment : loaded.segments()) {
                if (segments.putIfAbsent(segment.key(), segment) != null) {
                    throw new IllegalStateException(
                            "Segment '" + segment.key() + "' is defined twice; the second time in " + source.name());
                }
            }
        }
        Definitions definitions = new Definitions(List.copyOf(flags.values()), List.copyOf(segments.values()));
        FlagAdminBuilder builder = FlagAdmin.builder(store);
        auditListeners.orderedStream().forEach(builder::auditListener);
        SeedResult result =
                builder.build().seed(SEEDER, definitions, properties.getStore().getSeedMode());
        if (logger.isInfoEnabled()) {
            logger.info(
                    "Seeded the flag store: imported " + result.importedFlags().size() + " flags and "
                            + result.importedSegments().size() + " segments, overwrote "
                            + result.overwrittenFlags().size() + " flags, kept "
                            + result.keptFlags().size() + " flags");
        }
        return result;
    }
}
