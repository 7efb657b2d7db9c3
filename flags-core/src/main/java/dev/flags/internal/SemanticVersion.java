package dev.flags.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A semantic version (semver.org 2.0) compared by its precedence rules: numeric core, then a
 * release ranks above any pre-release, pre-release identifiers compared one by one (numeric below
 * alphanumeric); build metadata is ignored. A leading {@code v} and a missing minor or patch
 * ({@code 2}, {@code 2.1}) are accepted. Internal: not part of the public API.
 */
public final class SemanticVersion implements Comparable<SemanticVersion> {

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;

    private SemanticVersion(long major, long minor, long patch, List<String> preRelease) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
    }

    static SemanticVersion of(long major, long minor, long patch, List<String> preRelease) {
        return new SemanticVersion(major, minor, patch, preRelease);
    }

    /** The major version. */
    public long major() {
        return major;
    }

    /** The minor version, 0 when the text left it out. */
    public long minor() {
        return minor;
    }

    long patch() {
        return patch;
    }

    boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** Whether both have the same major, minor and patch. */
    boolean sameCore(SemanticVersion other) {
        return major == other.major && minor == other.minor && patch == other.patch;
    }

    /**
     * Parses a version.
     *
     * @param text the version, for example {@code 1.4.0-beta.2}
     * @return the version, or {@code null} when the text is not a semantic version
     */
    public static @Nullable SemanticVersion parse(String text) {
        String s = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
        int plus = s.indexOf('+');
        if (plus >= 0) {
            if (!validIdentifiers(s.substring(plus + 1), false)) {
                return null;
            }
            s = s.substring(0, plus);
        }
        List<String> pre = List.of();
        int dash = s.indexOf('-');
        if (dash >= 0) {
            String preText = s.substring(dash + 1);
            if (!validIdentifiers(preText, true)) {
                return null;
            }
            pre = List.of(preText.split("\\.", -1));
            s = s.substring(0, dash);
        }
        String[] core = s.split("\\.", -1);
        if (core.length < 1 || core.length > 3) {
            return null;
        }
        long[] numbers = new long[3];
        for (int i = 0; i < core.length; i++) {
            if (!isNumeric(core[i]) || (core[i].length() > 1 && core[i].charAt(0) == '0') || core[i].length() > 18) {
                return null;
            }
            numbers[i] = Long.parseLong(core[i]);
        }
        return new SemanticVersion(numbers[0], numbers[1], numbers[2], pre);
    }

    private static boolean validIdentifiers(String text, boolean noLeadingZeros) {
        if (text.isEmpty()) {
            return false;
        }
        List<String> parts = new ArrayList<>(List.of(text.split("\\.", -1)));
        for (String part : parts) {
            if (part.isEmpty()) {
                return false;
            }
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-') {
                    return false;
                }
            }
            if (noLeadingZeros && isNumeric(part) && part.length() > 1 && part.charAt(0) == '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(SemanticVersion other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        for (int i = 0; i < Math.min(preRelease.size(), other.preRelease.size()); i++) {
            String a = preRelease.get(i);
            String b = other.preRelease.get(i);
            boolean aNumeric = isNumeric(a);
            boolean bNumeric = isNumeric(b);
            if (aNumeric && bNumeric) {
                c = a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
            } else if (aNumeric != bNumeric) {
                c = aNumeric ? -1 : 1;
            } else {
                c = a.compareTo(b);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof SemanticVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return (int) (major * 31 * 31 + minor * 31 + patch) + preRelease.hashCode();
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease));
    }
}
