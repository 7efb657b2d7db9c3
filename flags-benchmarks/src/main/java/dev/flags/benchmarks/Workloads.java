package dev.flags.benchmarks;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads, as flags of this library. Every peer expresses the same flags in its own format
 * (see the peers' benchmark classes); the keys are shared.
 *
 * <ul>
 *   <li>W1 {@value #W1}: a boolean flag on for everyone.
 *   <li>W2 {@value #W2}: on for {@code country} in {DE, FR, NL}, and among them a 25% rollout by
 *       user key; off for the rest.
 *   <li>W3 {@value #W3}: a string flag split 50/25/25 over {@code a}, {@code b}, {@code c} by user
 *       key.
 *   <li>W4 {@value #W4}: requires {@value #W4_PRE1}, which requires {@value #W4_PRE2} (two levels of
 *       prerequisites), then 20 rules on {@code country} of which only the last matches.
 *   <li>W5: all of 50 flags ({@code w5-00}..{@code w5-49}: even ones like W1, odd ones like W2) for
 *       one context.
 * </ul>
 *
 * <p>What the benchmarks measure is the documented path: {@link #main()} and {@link #bulk()} read
 * the definitions from the YAML files {@code workloads.yml} and {@code bulk.yml} beside this class,
 * so the keys, attribute names and values the engine holds are the parser's {@code String}
 * objects, never the literals the call sites pass, and no comparison can take the identity
 * shortcut. {@link #mainInCode()} builds the same flags in code from the call sites' literals:
 * only the row labelled "identical String objects" uses it, to show what that shortcut is worth.
 */
final class Workloads {

    static final String W1 = "w1-simple";
    static final String W2 = "w2-targeted";
    static final String W3 = "w3-variants";
    static final String W4 = "w4-heavy";
    static final String W4_PRE1 = "w4-pre1";
    static final String W4_PRE2 = "w4-pre2";
    static final int BULK = 50;
    static final int W4_RULES = 20;

    private Workloads() {}

    static String bulkKey(int i) {
        return String.format("w5-%02d", i);
    }

    static boolean bulkIsTargeted(int i) {
        return i % 2 == 1;
    }

    /** W1 to W4 in one set, read from {@code workloads.yml}. */
    static Definitions main() {
        return read("workloads.yml");
    }

    /** The 50 flags of W5, alone, so that "all flags" means those 50, read from {@code bulk.yml}. */
    static Definitions bulk() {
        return read("bulk.yml");
    }

    private static Definitions read(String name) {
        try (InputStream in = Workloads.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Benchmark definitions " + name + " are missing from the classpath");
            }
            return DefinitionsReader.read(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read benchmark definitions " + name, e);
        }
    }

    /**
     * W1 to W4 built in code from the same literals the call sites use (the identity case, which
     * flatters; only the labelled row uses it).
     */
    static Definitions mainInCode() {
        return Definitions.of(simple(W1), targeted(W2), variants(W3), heavy(), simple(W4_PRE2), pre1());
    }

    /** W5 built in code from the call sites' literals, for the identity row. */
    static Definitions bulkInCode() {
        List<FlagDefinition> flags = new ArrayList<>();
        for (int i = 0; i < BULK; i++) {
            flags.add(bulkIsTargeted(i) ? targeted(bulkKey(i)) : simple(bulkKey(i)));
        }
        return new Definitions(flags, List.of());
    }

    static FlagDefinition simple(String key) {
        return FlagDefinition.builder(key).defaultVariant("on").build();
    }

    static FlagDefinition targeted(String key) {
        return FlagDefinition.builder(key)
                .defaultVariant("off")
                .rule(Rule.of(
                        "targeted",
                        Serve.split("on", 25).and("off", 75),
                        Condition.of("country", Operator.IN, (Object[]) Users.TARGETED)))
                .build();
    }

    static FlagDefinition variants(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.STRING)
                .variant("a", "A")
                .variant("b", "B")
                .variant("c", "C")
                .defaultVariant("a")
                .fallthrough(Serve.split("a", 50).and("b", 25).and("c", 25))
                .build();
    }

    static FlagDefinition pre1() {
        return FlagDefinition.builder(W4_PRE1)
                .defaultVariant("on")
                .prerequisite(Prerequisite.of(W4_PRE2, "on"))
                .build();
    }

    /** 19 rules that match nobody (country {@code X1}..{@code X19}), the 20th matches all 8 countries. */
    static FlagDefinition heavy() {
        FlagDefinition.Builder builder =
                FlagDefinition.builder(W4).defaultVariant("off").prerequisite(Prerequisite.of(W4_PRE1, "on"));
        for (int r = 1; r < W4_RULES; r++) {
            builder.rule(Rule.of("rule-" + r, Serve.variant("off"), Condition.of("country", Operator.EQUALS, "X" + r)));
        }
        builder.rule(Rule.of("rule-" + W4_RULES, Serve.variant("on"), Condition.of("country", Operator.IN, (Object[])
                Users.COUNTRIES)));
        return builder.build();
    }
}
