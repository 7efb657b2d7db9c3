package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Checks, before a library is measured, that it serves the workloads' distributions on the 1024
 * users: W2 on for about 25% of the DE/FR/NL users and nobody else, W3 about 50/25/25, W4 on for
 * everyone. A library that serves something else would be measured doing other work, so setup
 * fails. Also counts the users who get the same W2/W3 outcome as this library (sticky rollouts
 * with the same hash agree on every user; others agree only in proportion).
 */
final class Distribution {

    /** One line per checked library, in check order; read by {@link DistributionCheck}. */
    static final List<String> REPORT = new ArrayList<>();

    private static final double TOLERANCE = 0.07;
    private static @Nullable FlagManager reference;
    private static EvaluationContext @Nullable [] referenceUsers;

    private Distribution() {}

    static synchronized String check(
            String library, @Nullable IntPredicate w2, @Nullable IntFunction<String> w3, @Nullable IntPredicate w4) {
        if (reference == null) {
            reference = FlagManager.builder()
                    .definitions(Workloads.main())
                    .watch(false)
                    .build();
            referenceUsers = Users.flagsContexts();
        }
        StringBuilder line = new StringBuilder("| ").append(library).append(" | ");
        List<String> problems = new ArrayList<>();
        if (w2 == null) {
            line.append("cannot express | ");
        } else {
            int targeted = 0;
            int onTargeted = 0;
            int onElsewhere = 0;
            int same = 0;
            for (int i = 0; i < Users.COUNT; i++) {
                boolean on = w2.test(i);
                if (Users.targeted(Users.country(i))) {
                    targeted++;
                    onTargeted += on ? 1 : 0;
                } else {
                    onElsewhere += on ? 1 : 0;
                }
                same += on == reference.getBoolean(Workloads.W2, false, referenceUsers[i]) ? 1 : 0;
            }
            double share = (double) onTargeted / targeted;
            line.append(String.format(
                    "%.1f%% of DE/FR/NL, %d elsewhere (same as flags: %d/%d) | ",
                    100 * share, onElsewhere, same, Users.COUNT));
            if (Math.abs(share - 0.25) > TOLERANCE || onElsewhere > 0) {
                problems.add("W2 serves " + share + " of the targeted users and " + onElsewhere + " others");
            }
        }
        if (w3 == null) {
            line.append("cannot express | ");
        } else {
            int a = 0;
            int b = 0;
            int c = 0;
            int same = 0;
            for (int i = 0; i < Users.COUNT; i++) {
                String v = w3.apply(i);
                a += "A".equals(v) ? 1 : 0;
                b += "B".equals(v) ? 1 : 0;
                c += "C".equals(v) ? 1 : 0;
                same += v.equals(reference.getString(Workloads.W3, "z", referenceUsers[i])) ? 1 : 0;
            }
            double n = Users.COUNT;
            line.append(String.format(
                    "%.1f / %.1f / %.1f%% (same as flags: %d/%d) | ",
                    100 * a / n, 100 * b / n, 100 * c / n, same, Users.COUNT));
            if (Math.abs(a / n - 0.5) > TOLERANCE
                    || Math.abs(b / n - 0.25) > TOLERANCE
                    || Math.abs(c / n - 0.25) > TOLERANCE) {
                problems.add("W3 serves " + a + "/" + b + "/" + c);
            }
        }
        if (w4 == null) {
            line.append("cannot express |");
        } else {
            int on = 0;
            for (int i = 0; i < Users.COUNT; i++) {
                on += w4.test(i) ? 1 : 0;
            }
            line.append(String.format("%.1f%% |", 100.0 * on / Users.COUNT));
            if (on != Users.COUNT) {
                problems.add("W4 is on for " + on + " users, not all");
            }
        }
        String result = line.toString();
        REPORT.add(result);
        System.out.println("distribution " + result);
        if (!problems.isEmpty()) {
            throw new IllegalStateException(library + " does not serve the workloads' distribution: " + problems);
        }
        return result;
    }
}
