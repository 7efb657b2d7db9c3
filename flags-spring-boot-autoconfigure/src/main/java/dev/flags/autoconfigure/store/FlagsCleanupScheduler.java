package dev.flags.autoconfigure.store;

import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.autoconfigure.FlagsProperties;
import dev.flags.store.AuditEntry;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Deletes flags archived longer than the retention, on a cron expression or at a fixed interval
 * (default daily, first run one interval after startup). Each deletion is audited by the service.
 */
final class FlagsCleanupScheduler implements InitializingBean, DisposableBean {

    /** The actor named in the audit entries of the cleanup. */
    static final Actor CLEANER = Actor.system("system:cleanup");

    private static final Log logger = LogFactory.getLog(FlagsCleanupScheduler.class);

    private final FlagAdmin admin;

    private final FlagsProperties.Cleanup cleanup;

    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

    FlagsCleanupScheduler(FlagAdmin admin, FlagsProperties.Cleanup cleanup) {
        this.admin = admin;
        this.cleanup = cleanup;
        this.scheduler.setThreadNamePrefix("flags-cleanup-");
        this.scheduler.setDaemon(true);
    }

    @Override
    public void afterPropertiesSet() {
        scheduler.initialize();
        String cron = cleanup.getCron();
        if (cron != null && !cron.isBlank()) {
            scheduler.schedule(this::run, new CronTrigger(cron));
        } else {
            Duration interval = cleanup.getInterval();
            scheduler.scheduleAtFixedRate(
                    this::run, scheduler.getClock().instant().plus(interval), interval);
        }
    }

    /**
     * Runs one cleanup.
     *
     * @return the audit entries of the deletions
     */
    List<AuditEntry> run() {
        try {
            List<AuditEntry> deleted = admin.cleanUpArchived(CLEANER);
            if (!deleted.isEmpty() && logger.isInfoEnabled()) {
                logger.info("Deleted " + deleted.size() + " flags archived longer than " + cleanup.getRetention());
            }
            return deleted;
        } catch (RuntimeException ex) {
            // A failed run must not end the schedule; the next run tries again.
            logger.warn("Cleanup of archived flags failed", ex);
            return List.of();
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdown();
    }
}
