package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.store.AuditAction;
import dev.flags.store.ChangeNote;
import dev.flags.store.FlagStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances in separate JVM processes on the real PostgreSQL: a kill switch pulled in this one
 * is applied by the other through {@code NOTIFY}, though it polls only hourly.
 */
class SeparateProcessFleetTests {

    @RegisterExtension
    static final TestDatabase DATABASE = TestDatabases.POSTGRES;

    private final String prefix =
            "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT) + "_";

    private Process child;

    @AfterEach
    void stop() throws Exception {
        if (child != null) {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        new JdbcSchema(DATABASE.dataSource(), prefix, Clock.systemUTC()).dropTables();
    }

    @Test
    void aKillSwitchPulledHereIsAppliedInAnotherProcess() throws Exception {
        FlagStore store =
                JdbcFlags.store(DATABASE.dataSource()).tablePrefix(prefix).build();
        store.putFlag(
                FlagDefinition.builder("checkout").defaultVariant("on").build(),
                FlagStore.NEW,
                ChangeNote.of(AuditAction.CREATE, "alice"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        child = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        classPath,
                        FollowerProcess.class.getName(),
                        "jdbc:postgresql://127.0.0.1:5432/test",
                        prefix))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        assertThat(lines.poll(60, TimeUnit.SECONDS)).isEqualTo("ready checkout=true");

        store.putFlag(
                store.flag("checkout").definition().withStatus(FlagStatus.EMERGENCY_OFF),
                1,
                ChangeNote.of(AuditAction.STATUS_CHANGE, "alice"));

        assertThat(lines.poll(10, TimeUnit.SECONDS)).isEqualTo("checkout=false");
    }
}
