package dev.flags.autoconfigure.store;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.AuditListener;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.FlagAdminBuilder;
import dev.flags.admin.SeedMode;
import dev.flags.admin.SeedResult;
import dev.flags.definition.Definitions;
import dev.flags.source.FlagSource;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStoreException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.InitializingBean;

/**
 * Seeds a {@link FlagStore} from the definitions in properties and files when the application
 * starts, as Spring Boot's {@code FlywayMigrationInitializer} migrates a database. The
 * auto-configured {@link FlagManager} depends on every bean of this type, so the engine reads the
 * store only once it is seeded. Define a bean of this type to seed differently.
 */
public final class FlagStoreInitializer implements InitializingBean {

    /** The actor named in the audit entries of the seed. */
    static final Actor SEEDER = Actor.system("system:seed");

    private static final Log logger = LogFactory.getLog(FlagStoreInitializer.class);

    private final FlagStore store;

    private final List<FlagSource> sources;

    private final SeedMode seedMode;

    private final List<AuditListener> auditListeners;

    private final boolean skipWhenUnreachable;

    private volatile @Nullable SeedResult result;

    /**
     * Creates an initializer.
     *
     * @param store the store to seed
     * @param sources the definitions to seed it with; a key defined twice fails the seed
     * @param seedMode how the definitions meet what the store holds
     * @param auditListeners told of every audit entry the seed writes
     */
    public FlagStoreInitializer(
            FlagStore store, List<FlagSource> sources, SeedMode seedMode, List<AuditListener> auditListeners) {
        this(store, sources, seedMode, auditListeners, false);
    }

    /**
     * Creates an initializer that may start without seeding, for a store shared by several
     * instances whose follower serves a backup or the files while the store is down.
     *
     * @param store the store to seed
     * @param sources the definitions to seed it with; a key defined twice fails the seed
     * @param seedMode how the definitions meet what the store holds
     * @param auditListeners told of every audit entry the seed writes
     * @param skipWhenUnreachable whether a store that cannot be reached ({@link FlagStoreException})
     *     is logged and left unseeded instead of failing startup
     */
    public FlagStoreInitializer(
            FlagStore store,
            List<FlagSource> sources,
            SeedMode seedMode,
            List<AuditListener> auditListeners,
            boolean skipWhenUnreachable) {
        this.skipWhenUnreachable = skipWhenUnreachable;
        this.store = requireNonNull(store, "store");
        this.sources = List.copyOf(requireNonNull(sources, "sources"));
        this.seedMode = requireNonNull(seedMode, "seedMode");
        this.auditListeners = List.copyOf(requireNonNull(auditListeners, "auditListeners"));
    }

    @Override
    public void afterPropertiesSet() {
        Definitions definitions = SeedDefinitions.merge(sources);
        FlagAdminBuilder builder = FlagAdmin.builder(store);
        auditListeners.forEach(builder::auditListener);
        SeedResult seeded;
        try {
            seeded = builder.build().seed(SEEDER, definitions, seedMode);
        } catch (FlagStoreException e) {
            if (!skipWhenUnreachable) {
                throw e;
            }
            // The follower's startup policy decides what is served; seeding is for the next start.
            logger.warn("Cannot seed the flag store " + store.name() + " (" + e.getMessage()
                    + "); it is not seeded in this run, and flags.store.startup decides what is served");
            return;
        }
        if (logger.isInfoEnabled()) {
            logger.info(
                    "Seeded the flag store: imported " + seeded.importedFlags().size() + " flags and "
                            + seeded.importedSegments().size() + " segments, overwrote "
                            + seeded.overwrittenFlags().size() + " flags, kept "
                            + seeded.keptFlags().size() + " flags");
        }
        this.result = seeded;
    }

    /**
     * What the seed did.
     *
     * @return the result, or {@code null} before the initializer has run
     */
    public @Nullable SeedResult result() {
        return result;
    }
}
