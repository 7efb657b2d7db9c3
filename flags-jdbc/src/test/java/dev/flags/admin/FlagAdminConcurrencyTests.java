package dev.flags.admin;

import static dev.flags.admin.AdminFixtures.EDITOR;
import static dev.flags.admin.AdminFixtures.flag;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.jdbc.JdbcFlags;
import dev.flags.store.FlagStore;
import dev.flags.store.FlagStores;
import dev.flags.store.StoredFlag;
import dev.flags.store.VersionConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FlagAdminConcurrencyTests {

    static FlagStore store(String kind) {
        if (kind.equals("memory")) {
            return FlagStores.inMemory();
        }
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(
                "jdbc:h2:mem:admin-concurrency-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000");
        return JdbcFlags.store(dataSource).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void concurrentWritersWithVersionsLoseNoUpdate(String kind) throws Exception {
        FlagAdmin admin = FlagAdmin.builder(store(kind)).build();
        admin.createFlag(EDITOR, flag("checkout"), null);
        int writers = 4;
        int writesEach = 10;
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Object>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            futures.add(pool.submit((Callable<Object>) () -> {
                start.await();
                for (int i = 0; i < writesEach; i++) {
                    String key = "user-" + writer + "-" + i;
                    while (true) {
                        // Read, change, write back with the version read: what a REST client with ETags does.
                        StoredFlag current = admin.getFlag(EDITOR, "checkout");
                        List<String> keys =
                                new ArrayList<>(current.definition().targets().getOrDefault("on", List.of()));
                        keys.add(key);
                        try {
                            admin.setTargets(EDITOR, "checkout", "on", keys, current.version());
                            break;
                        } catch (VersionConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Object> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        StoredFlag result = admin.getFlag(EDITOR, "checkout");
        assertThat(result.definition().targets().get("on"))
                .hasSize(writers * writesEach)
                .doesNotHaveDuplicates();
        assertThat(result.version()).isEqualTo(1 + writers * writesEach);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void ofTwoWritersWithTheSameVersionOnlyOneWins(String kind) {
        FlagAdmin admin = FlagAdmin.builder(store(kind)).build();
        admin.createFlag(EDITOR, flag("checkout"), null);

        admin.setTargets(EDITOR, "checkout", "on", List.of("alice"), 1);

        assertThatThrownBy(() -> admin.setTargets(EDITOR, "checkout", "off", List.of("bob"), 1))
                .isInstanceOf(VersionConflictException.class)
                .hasMessage("Flag 'checkout' is at version 2, not 1");
        assertThat(admin.getFlag(EDITOR, "checkout").definition().targets()).containsOnlyKeys("on");
    }
}
