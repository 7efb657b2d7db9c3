package dev.flags.autoconfigure.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Makes a HikariCP pool evict a connection whose driver throws {@link SQLNonTransientConnectionException},
 * the JDBC type for "this connection is unusable".
 *
 * <p>Why: Hikari judges a failed connection by its SQLState (class {@code 08} and a few vendor codes)
 * and validates a connection on borrow only when it was idle for more than its alive-bypass window
 * (500 ms). H2 in server mode reports a broken connection as {@code SQLNonTransientConnectionException}
 * with SQLState {@code 90067}, so after a network cut the pool keeps handing out the dead connection
 * to whoever uses it more often than every 500 ms (the follower polling, or any busy application) until
 * its max-lifetime, 30 minutes by default: the instance stays cut off after the database is back.
 * PostgreSQL and MariaDB report {@code 08xxx} and are evicted either way; this changes nothing there.
 *
 * <p>Applied only to pools that configure no override of their own and are not sealed yet (Spring
 * Boot's pool starts on its first connection).
 */
final class HikariBrokenConnections implements SQLExceptionOverride {

    private static final Logger log = LoggerFactory.getLogger(HikariBrokenConnections.class);

    @java.lang.Override // the interface's nested enum Override shadows the annotation here
    public Override adjudicate(SQLException e) {
        return e instanceof SQLNonTransientConnectionException ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }

    /** Sets the override on each {@link HikariDataSource} bean that has none. */
    static final class PostProcessor implements BeanPostProcessor {

        @java.lang.Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof HikariDataSource pool
                    && pool.getExceptionOverride() == null
                    && pool.getExceptionOverrideClassName() == null) {
                try {
                    pool.setExceptionOverride(new HikariBrokenConnections());
                } catch (IllegalStateException e) { // started (sealed) by its own constructor: leave it as it is
                    log.info(
                            "The Hikari pool {} is started already; set its exceptionOverride so that a broken H2"
                                    + " connection is evicted (see the fleet page of the flags docs)",
                            beanName);
                }
            }
            return bean;
        }
    }
}
