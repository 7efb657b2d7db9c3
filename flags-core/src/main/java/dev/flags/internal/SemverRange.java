package dev.flags.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A range of semantic versions with npm's semantics (node-semver): comparator sets joined by
 * {@code ||}, each a space-separated list of comparators that must all hold; comparators
 * {@code <}, {@code <=}, {@code >}, {@code >=}, {@code =} or none; X-ranges ({@code 1.x},
 * {@code 1.2.*}, {@code *}, partial versions such as {@code 1.2}); tilde ({@code ~1.2.3}: patch
 * updates), caret ({@code ^1.2.3}: updates that keep the leftmost non-zero part) and hyphen
 * ({@code 1.2.3 - 2.3.4}) ranges. As in npm, a pre-release version satisfies a set only when one
 * of its comparators names a pre-release of the same major, minor and patch. Parsed once, matched
 * without allocating. Internal: not part of the public API.
 */
public final class SemverRange {

    private static final int LT = 0;
    private static final int LE = 1;
    private static final int GT = 2;
    private static final int GE = 3;
    private static final int EQ = 4;
    private static final List<String> LOWEST = List.of("0");

    // Any set may match; each set is an array of comparators: operations and versions side by side.
    private final int[][] operations;
    private final SemanticVersion[][] versions;

    private SemverRange(int[][] operations, SemanticVersion[][] versions) {
        this.operations = operations;
        this.versions = versions;
    }

    /**
     * Parses a range.
     *
     * @param text the range, for example {@code ^1.2.3} or {@code >=1.0.0 <2.0.0 || 3.x}
     * @return the range, or {@code null} when the text is not a valid range
     */
    public static @Nullable SemverRange parse(String text) {
        String[] alternatives = text.split("\\|\\|", -1);
        int[][] operations = new int[alternatives.length][];
        SemanticVersion[][] versions = new SemanticVersion[alternatives.length][];
        for (int a = 0; a < alternatives.length; a++) {
            List<Integer> ops = new ArrayList<>();
            List<SemanticVersion> bounds = new ArrayList<>();
            if (!parseSet(alternatives[a].trim(), ops, bounds)) {
                return null;
            }
            operations[a] = ops.stream().mapToInt(Integer::intValue).toArray();
            versions[a] = bounds.toArray(SemanticVersion[]::new);
        }
        return new SemverRange(operations, versions);
    }

    /**
     * Whether a version lies in the range.
     *
     * @param version the version
     * @return whether one of the comparator sets holds for it
     */
    public boolean satisfiedBy(SemanticVersion version) {
        for (int a = 0; a < operations.length; a++) {
            if (satisfies(operations[a], versions[a], version)) {
                return true;
            }
        }
        return false;
    }

    private static boolean satisfies(int[] ops, SemanticVersion[] bounds, SemanticVersion version) {
        for (int i = 0; i < ops.length; i++) {
            int c = version.compareTo(bounds[i]);
            boolean holds = switch (ops[i]) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
                default -> c == 0;
            };
            if (!holds) {
                return false;
            }
        }
        if (!version.isPreRelease()) {
            return true;
        }
        for (SemanticVersion bound : bounds) {
            if (bound.isPreRelease() && bound.sameCore(version)) {
                return true;
            }
        }
        return false;
    }

    private static boolean parseSet(String set, List<Integer> ops, List<SemanticVersion> bounds) {
        if (set.isEmpty()) {
            return addX(new Partial(-1, -1, -1, List.of()), ops, bounds);
        }
        String[] hyphen = set.split("\\s+-\\s+", -1);
        if (hyphen.length == 2) {
            Partial from = Partial.parse(hyphen[0].trim());
            Partial to = Partial.parse(hyphen[1].trim());
            if (from == null || to == null) {
                return false;
            }
            add(GE, from.floor(), ops, bounds);
            if (to.major < 0) {
                return true;
            }
            if (to.patch >= 0) {
                add(LE, to.exact(), ops, bounds);
            } else {
                add(LT, to.ceiling(), ops, bounds);
            }
            return true;
        }
        if (hyphen.length > 2) {
            return false;
        }
        // npm accepts a space between an operator and its version: join them first.
        String[] tokens = set.replaceAll("(<=|>=|<|>|=|~>|~|\\^)\\s+", "$1").split("\\s+");
        for (String token : tokens) {
            if (!parseComparator(token, ops, bounds)) {
                return false;
            }
        }
        return true;
    }

    private static boolean parseComparator(String token, List<Integer> ops, List<SemanticVersion> bounds) {
        String operator = token.startsWith("<=") || token.startsWith(">=") || token.startsWith("~>")
                ? token.substring(0, 2)
                : token.startsWith("<")
                                || token.startsWith(">")
                                || token.startsWith("=")
                                || token.startsWith("~")
                                || token.startsWith("^")
                        ? token.substring(0, 1)
                        : "";
        Partial p = Partial.parse(token.substring(operator.length()));
        if (p == null) {
            return false;
        }
        switch (operator) {
            case "~", "~>" -> {
                if (p.major < 0) {
                    return addX(p, ops, bounds);
                }
                add(GE, p.floor(), ops, bounds);
                add(LT, p.minor < 0 ? version(p.major + 1, 0, 0) : version(p.major, p.minor + 1, 0), ops, bounds);
            }
            case "^" -> {
                if (p.major < 0) {
                    return addX(p, ops, bounds);
                }
                add(GE, p.floor(), ops, bounds);
                SemanticVersion upper;
                if (p.major > 0 || p.minor < 0) {
                    upper = version(p.major + 1, 0, 0);
                } else if (p.minor > 0 || p.patch < 0) {
                    upper = version(0, p.minor + 1, 0);
                } else {
                    upper = version(0, 0, p.patch + 1);
                }
                add(LT, upper, ops, bounds);
            }
            case "", "=" -> {
                return addX(p, ops, bounds);
            }
            case ">" -> {
                if (p.major < 0) {
                    add(LT, version(0, 0, 0), ops, bounds); // nothing is above everything
                } else {
                    SemanticVersion ceiling = p.ceiling();
                    add(
                            p.patch < 0 ? GE : GT,
                            p.patch < 0
                                    ? SemanticVersion.of(ceiling.major(), ceiling.minor(), 0, List.of())
                                    : p.exact(),
                            ops,
                            bounds);
                }
            }
            case ">=" -> add(GE, p.floor(), ops, bounds);
            case "<" -> {
                if (p.major < 0) {
                    add(LT, version(0, 0, 0), ops, bounds);
                } else {
                    add(LT, p.patch < 0 ? version(p.major, Math.max(p.minor, 0), 0) : p.exact(), ops, bounds);
                }
            }
            case "<=" -> {
                if (p.major < 0) {
                    return addX(p, ops, bounds); // at most everything is everything
                } else {
                    add(p.patch < 0 ? LT : LE, p.patch < 0 ? p.ceiling() : p.exact(), ops, bounds);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A version or X-range without operator: exactly it, or everything it leaves open. */
    private static boolean addX(Partial p, List<Integer> ops, List<SemanticVersion> bounds) {
        if (p.major < 0) {
            add(GE, version(0, 0, 0), ops, bounds);
        } else if (p.patch >= 0) {
            add(EQ, p.exact(), ops, bounds);
        } else {
            add(GE, p.floor(), ops, bounds);
            add(LT, p.ceiling(), ops, bounds);
        }
        return true;
    }

    private static void add(int operation, SemanticVersion bound, List<Integer> ops, List<SemanticVersion> bounds) {
        ops.add(operation);
        bounds.add(bound);
    }

    /** An exclusive upper bound: below every pre-release of the version, as npm's {@code -0}. */
    private static SemanticVersion version(long major, long minor, long patch) {
        return SemanticVersion.of(major, minor, patch, LOWEST);
    }

    /** A version with parts left open ({@code -1}: x, X, * or absent). */
    private record Partial(long major, long minor, long patch, List<String> preRelease) {

        static @Nullable Partial parse(String text) {
            String s = text.startsWith("v") || text.startsWith("V") ? text.substring(1) : text;
            if (s.isEmpty()) {
                return null;
            }
            int plus = s.indexOf('+');
            String core = plus >= 0 ? s.substring(0, plus) : s;
            int dash = core.indexOf('-');
            String numbers = dash >= 0 ? core.substring(0, dash) : core;
            String[] parts = numbers.split("\\.", -1);
            if (parts.length > 3) {
                return null;
            }
            long[] values = {-1, -1, -1};
            boolean open = false;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                if (part.equals("x") || part.equals("X") || part.equals("*")) {
                    open = true;
                } else if (open) {
                    return null; // 1.x.3
                } else {
                    SemanticVersion check = SemanticVersion.parse(part);
                    if (check == null || part.startsWith("v") || part.startsWith("V")) {
                        return null;
                    }
                    values[i] = check.major();
                }
            }
            List<String> pre = List.of();
            if (dash >= 0 || plus >= 0) {
                if (values[2] < 0) {
                    return null; // a pre-release or build needs a full version
                }
                SemanticVersion full = SemanticVersion.parse(s);
                if (full == null) {
                    return null;
                }
                pre = dash >= 0 ? List.of(core.substring(dash + 1).split("\\.", -1)) : List.of();
            }
            return new Partial(values[0], values[1], values[2], pre);
        }

        /** The lowest version the partial covers. */
        SemanticVersion floor() {
            return SemanticVersion.of(
                    Math.max(major, 0), Math.max(minor, 0), Math.max(patch, 0), patch < 0 ? List.of() : preRelease);
        }

        /** The version as written; only for a full version. */
        SemanticVersion exact() {
            return SemanticVersion.of(major, minor, patch, preRelease);
        }

        /** The exclusive upper bound of what the partial covers; only when a part is open. */
        SemanticVersion ceiling() {
            return minor < 0 ? version(major + 1, 0, 0) : version(major, minor + 1, 0);
        }
    }
}
