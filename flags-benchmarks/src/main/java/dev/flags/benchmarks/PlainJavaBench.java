package dev.flags.benchmarks;

import dev.flags.internal.Murmur3;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floor: each workload written by hand as a developer would without a library. A map lookup of
 * the flag, its condition on a map of attributes, the same murmur3 bucket. No results, reasons or
 * error handling: what any engine adds on top of this is its price.
 */
@State(Scope.Thread)
public class PlainJavaBench extends Bench {

    /** A user as an application might hold one. */
    record User(String key, Map<String, Object> attributes) {}

    /** A flag as a hand-written switch might hold one. */
    record Flag(
            boolean on,
            String[] countries,
            Murmur3.Prefix salt,
            int[] runningTotals,
            String[] values,
            Flag[] requires) {

        static Flag simple() {
            return new Flag(true, null, null, null, null, new Flag[0]);
        }

        static Flag targeted(String key) {
            return new Flag(true, Users.TARGETED, PlainJavaBench.salt(key), new int[] {25, 100}, null, new Flag[0]);
        }
    }

    private final Map<String, Flag> flags = new HashMap<>();
    private final String[] bulkKeys = new String[Workloads.BULK];
    private String[][] heavyRules;
    private User[] users;
    private int next;

    /** The hash state after the salt, computed once: the floor takes every shortcut the engine takes. */
    private static Murmur3.Prefix salt(String key) {
        return Murmur3.prefix(key.getBytes(StandardCharsets.UTF_8));
    }

    @Setup
    public void setUp() {
        flags.put(Workloads.W1, Flag.simple());
        flags.put(Workloads.W2, Flag.targeted(Workloads.W2));
        flags.put(
                Workloads.W3,
                new Flag(true, null, salt(Workloads.W3), new int[] {50, 75, 100}, new String[] {"A", "B", "C"}, null));
        Flag pre2 = Flag.simple();
        Flag pre1 = new Flag(true, null, null, null, null, new Flag[] {pre2});
        flags.put(Workloads.W4, new Flag(true, null, null, null, null, new Flag[] {pre1}));
        heavyRules = new String[Workloads.W4_RULES][];
        for (int r = 0; r < Workloads.W4_RULES - 1; r++) {
            heavyRules[r] = new String[] {"X" + (r + 1)};
        }
        heavyRules[Workloads.W4_RULES - 1] = Users.COUNTRIES;
        for (int i = 0; i < Workloads.BULK; i++) {
            bulkKeys[i] = Workloads.bulkKey(i);
            flags.put(bulkKeys[i], Workloads.bulkIsTargeted(i) ? Flag.targeted(bulkKeys[i]) : Flag.simple());
        }
        users = Users.contexts(User[]::new, (key, country) -> {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("country", country);
            return new User(key, attributes);
        });
        Distribution.check("plain Java", i -> w2(users[i]), i -> w3(users[i]), i -> w4(users[i]));
    }

    private User user() {
        return users[next++ & Users.MASK];
    }

    private static boolean in(Object value, String[] values) {
        for (String v : values) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean on(Flag flag) {
        for (Flag required : flag.requires) {
            if (!on(required)) {
                return false;
            }
        }
        return flag.on;
    }

    private boolean targeted(Flag flag, User user) {
        if (!in(user.attributes.get("country"), flag.countries)) {
            return false;
        }
        return Murmur3.bucket(Murmur3.hash(flag.salt, user.key), 100) < flag.runningTotals[0];
    }

    private boolean w2(User user) {
        return targeted(flags.get(Workloads.W2), user);
    }

    private String w3(User user) {
        Flag flag = flags.get(Workloads.W3);
        long bucket = Murmur3.bucket(Murmur3.hash(flag.salt, user.key), 100);
        for (int i = 0; i < flag.runningTotals.length; i++) {
            if (bucket < flag.runningTotals[i]) {
                return flag.values[i];
            }
        }
        return flag.values[flag.values.length - 1];
    }

    private boolean w4(User user) {
        if (!on(flags.get(Workloads.W4))) {
            return false;
        }
        Object country = user.attributes.get("country");
        for (int r = 0; r < heavyRules.length; r++) {
            if (in(country, heavyRules[r])) {
                return r == heavyRules.length - 1;
            }
        }
        return false;
    }

    @Benchmark
    public boolean w1Simple() {
        user();
        return flags.get(Workloads.W1).on;
    }

    @Benchmark
    public boolean w2Targeted() {
        return w2(user());
    }

    @Benchmark
    public String w3Variants() {
        return w3(user());
    }

    @Benchmark
    public boolean w4Heavy() {
        return w4(user());
    }

    @Benchmark
    public Map<String, Boolean> w5Bulk() {
        User user = user();
        Map<String, Boolean> all = new LinkedHashMap<>();
        for (String key : bulkKeys) {
            Flag flag = flags.get(key);
            all.put(key, flag.countries == null ? flag.on : targeted(flag, user));
        }
        return all;
    }
}
