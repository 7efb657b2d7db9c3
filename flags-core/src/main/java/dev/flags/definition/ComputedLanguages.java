package dev.flags.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/** Finds the {@link ComputedLanguage} of a language; the reader's only way to one. */
final class ComputedLanguages {

    /** What this library's class loader sees, loaded once. */
    private static final List<ComputedLanguage> OWN = load(ComputedLanguage.class.getClassLoader());

    private ComputedLanguages() {}

    private static List<ComputedLanguage> load(@Nullable ClassLoader loader) {
        List<ComputedLanguage> all = new ArrayList<>();
        ServiceLoader.load(ComputedLanguage.class, loader).forEach(all::add);
        return List.copyOf(all);
    }

    /**
     * The implementation for a language on the class path of this library or of the thread's
     * context class loader (an application server's or a fat jar's), or {@code null}.
     */
    static @Nullable ComputedLanguage find(String language) {
        for (ComputedLanguage candidate : OWN) {
            if (candidate.language().equals(language)) {
                return candidate;
            }
        }
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != ComputedLanguage.class.getClassLoader()) {
            for (ComputedLanguage candidate : load(context)) {
                if (candidate.language().equals(language)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The languages found, for messages. */
    static List<String> known() {
        List<String> names = new ArrayList<>();
        for (ComputedLanguage candidate : OWN) {
            names.add(candidate.language());
        }
        return names;
    }
}
