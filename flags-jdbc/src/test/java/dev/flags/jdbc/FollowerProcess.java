package dev.flags.jdbc;

import dev.flags.EvaluationContext;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.Following;
import dev.flags.store.FollowingSource;
import dev.flags.store.PushChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import javax.sql.DataSource;

/**
 * An instance in a JVM of its own, for {@link SeparateProcessFleetTests}: follows the store on
 * PostgreSQL (polling hourly, so only {@code NOTIFY} wakes it), prints {@code ready} once it
 * listens, then {@code checkout=<value>} after every change it applies, and exits when its standard
 * input closes.
 */
final class FollowerProcess {

    private FollowerProcess() {}

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String prefix = args[1];
        DataSource dataSource = TestDatabases.postgres(url, "postgres", "");
        FlagStore store = JdbcFlags.store(dataSource).tablePrefix(prefix).build();
        FollowingSource source = FlagStores.follow(store, Following.DEFAULTS.withInterval(Duration.ofHours(1)));
        try (FlagManager flags = FlagManager.builder().source(source).build();
                PushChannel push = JdbcFlags.listen(dataSource, prefix, source, Duration.ofSeconds(1))) {
            flags.addListener(new FlagChangeListener() {
                @Override
                public void flagsChanged(Set<String> changedKeys) {
                    System.out.println("checkout=" + flags.isEnabled("checkout", EvaluationContext.EMPTY));
                    System.out.flush();
                }
            });
            while (push.state() != PushChannel.State.CONNECTED) {
                Thread.sleep(10);
            }
            System.out.println("ready checkout=" + flags.isEnabled("checkout", EvaluationContext.EMPTY));
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                // runs until the test closes standard input
            }
        }
    }
}
