package dev.flags.autoconfigure.support;

import dev.flags.autoconfigure.FlagsProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * The paths that the request context filters of both web stacks leave alone: the admin API and,
 * when it is on, the OFREP server. Neither evaluates for the caller's request context (the admin
 * API acts for an actor, OFREP takes its context from the body), so building one there is wasted,
 * and its anonymous-id cookie would be set on API clients that never send it back. Internal.
 */
public final class ProtocolPaths {

    private final List<String> prefixes;

    private ProtocolPaths(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /**
     * The paths of these settings.
     *
     * @param properties the flags properties
     * @return the admin base path, and the OFREP base path when OFREP is enabled
     */
    public static ProtocolPaths of(FlagsProperties properties) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add(trimmed(properties.getAdmin().getBasePath()));
        if (properties.getOfrep().isEnabled()) {
            prefixes.add(trimmed(properties.getOfrep().getBasePath()));
        }
        return new ProtocolPaths(prefixes);
    }

    /**
     * Whether a path within the application is one of these paths or below one.
     *
     * @param path the path without the context path, starting with {@code /}
     * @return whether the filters skip it
     */
    public boolean contains(String path) {
        for (int i = 0; i < prefixes.size(); i++) {
            String prefix = prefixes.get(i);
            if (!prefix.isEmpty()
                    && path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /**
     * The prefixes, for logs and tests.
     *
     * @return the prefixes
     */
    public List<String> prefixes() {
        return prefixes;
    }

    private static String trimmed(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
