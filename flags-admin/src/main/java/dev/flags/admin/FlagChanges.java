package dev.flags.admin;

import dev.flags.definition.DefinitionError;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The partial edits of a flag definition the admin service offers: targets, rules and what they serve. */
final class FlagChanges {

    private FlagChanges() {}

    /** The flag with a variant's targeting keys set; no keys remove the variant's targets. */
    static FlagDefinition withTargets(FlagDefinition flag, String variant, List<String> keys) {
        Map<String, List<String>> targets = new LinkedHashMap<>(flag.targets());
        if (keys.isEmpty()) {
            targets.remove(variant);
        } else {
            targets.put(variant, keys);
        }
        return copy(flag, targets, flag.rules());
    }

    static FlagDefinition withRules(FlagDefinition flag, List<Rule> rules) {
        return copy(flag, flag.targets(), rules);
    }

    /** The builder only adds targets and rules, so replacing them takes the canonical constructor. */
    private static FlagDefinition copy(FlagDefinition flag, Map<String, List<String>> targets, List<Rule> rules) {
        return new FlagDefinition(
                flag.key(),
                flag.type(),
                flag.variants(),
                flag.defaultVariant(),
                flag.offVariant(),
                flag.description(),
                flag.owner(),
                flag.tags(),
                flag.created(),
                flag.reviewBy(),
                flag.status(),
                flag.activeFrom(),
                flag.activeUntil(),
                flag.environments(),
                flag.bucketBy(),
                flag.salt(),
                flag.prerequisites(),
                targets,
                rules,
                flag.fallthrough(),
                flag.metadata(),
                flag.experiment());
    }

    /** The flag with the rule of the same id replaced, or the rule added after the others. */
    static FlagDefinition withRule(FlagDefinition flag, Rule rule) {
        List<Rule> rules = new ArrayList<>(flag.rules());
        int index = ruleIndex(flag, rule.id());
        if (index < 0) {
            rules.add(rule);
        } else {
            rules.set(index, rule);
        }
        return withRules(flag, rules);
    }

    static FlagDefinition withoutRule(FlagDefinition flag, String ruleId) {
        List<Rule> rules = new ArrayList<>(flag.rules());
        rules.remove(requireRule(flag, ruleId));
        return withRules(flag, rules);
    }

    /** The flag with a rule's serve set, or the fallthrough's when {@code ruleId} is {@code null}. */
    static FlagDefinition withServe(FlagDefinition flag, @Nullable String ruleId, Serve serve) {
        if (ruleId == null) {
            return flag.toBuilder().fallthrough(serve).build();
        }
        List<Rule> rules = new ArrayList<>(flag.rules());
        int index = requireRule(flag, ruleId);
        Rule rule = rules.get(index);
        rules.set(index, new Rule(rule.id(), rule.name(), rule.when(), serve));
        return withRules(flag, rules);
    }

    private static int ruleIndex(FlagDefinition flag, String ruleId) {
        for (int i = 0; i < flag.rules().size(); i++) {
            if (flag.rules().get(i).id().equals(ruleId)) {
                return i;
            }
        }
        return -1;
    }

    private static int requireRule(FlagDefinition flag, String ruleId) {
        int index = ruleIndex(flag, ruleId);
        if (index < 0) {
            throw new ValidationException(List.of(new DefinitionError(
                    null,
                    "flags." + flag.key() + ".rules",
                    "no rule with id '" + ruleId + "' (rules: "
                            + flag.rules().stream().map(Rule::id).toList() + ")")));
        }
        return index;
    }
}
