package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import java.util.function.IntFunction;

/**
 * The population every workload is evaluated for: 1024 users {@code user-0}..{@code user-1023}, the
 * {@code country} attribute cycling through 8 values. Each library gets the same users in its own
 * context type, built before measuring; benchmarks rotate through them, one user per invocation.
 */
final class Users {

    static final int COUNT = 1024;
    static final int MASK = COUNT - 1;
    static final String[] COUNTRIES = {"DE", "FR", "NL", "US", "GB", "ES", "IT", "PL"};
    /** The countries W2 targets. */
    static final String[] TARGETED = {"DE", "FR", "NL"};

    private Users() {}

    static String key(int i) {
        return "user-" + i;
    }

    static String country(int i) {
        return COUNTRIES[i % COUNTRIES.length];
    }

    /**
     * The country as an application has it at run time (read from a request or a database): equal
     * to the literal, never the same object as it or as the definitions' value.
     */
    @SuppressWarnings("StringCopy") // a copy is the point: no identity shortcut in comparisons
    static String runtimeCountry(int i) {
        return new String(country(i).toCharArray());
    }

    static boolean targeted(String country) {
        for (String t : TARGETED) {
            if (t.equals(country)) {
                return true;
            }
        }
        return false;
    }

    /** One context per user, in the library's own type. */
    static <T> T[] contexts(IntFunction<T[]> array, UserFactory<T> factory) {
        T[] contexts = array.apply(COUNT);
        for (int i = 0; i < COUNT; i++) {
            contexts[i] = factory.create(key(i), runtimeCountry(i));
        }
        return contexts;
    }

    static EvaluationContext[] flagsContexts() {
        return contexts(
                EvaluationContext[]::new,
                (key, country) -> EvaluationContext.builder()
                        .targetingKey(key)
                        .attribute("country", country)
                        .build());
    }

    /**
     * Contexts whose country values are the very literals {@link Workloads#mainInCode()} holds,
     * for the labelled identity row only.
     */
    static EvaluationContext[] identityContexts() {
        EvaluationContext[] contexts = new EvaluationContext[COUNT];
        for (int i = 0; i < COUNT; i++) {
            contexts[i] = EvaluationContext.builder()
                    .targetingKey(key(i))
                    .attribute("country", country(i))
                    .build();
        }
        return contexts;
    }

    /** Builds one library's context for a user. */
    @FunctionalInterface
    interface UserFactory<T> {
        T create(String key, String country);
    }
}
