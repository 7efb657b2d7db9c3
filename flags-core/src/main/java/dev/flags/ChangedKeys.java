package dev.flags;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which flags may evaluate differently after a change: those added, removed or redefined, those
 * using a changed segment (directly or through another segment), and, transitively, those whose
 * prerequisites are among them.
 */
final class ChangedKeys {

    private ChangedKeys() {}

    static Set<String> between(Definitions before, Definitions after) {
        Set<String> changedSegments = new HashSet<>();
        for (SegmentDefinition segment : after.segments()) {
            if (!Objects.equals(segment, before.segment(segment.key()))) {
                changedSegments.add(segment.key());
            }
        }
        for (SegmentDefinition segment : before.segments()) {
            if (after.segment(segment.key()) == null) {
                changedSegments.add(segment.key());
            }
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (SegmentDefinition segment : after.segments()) {
                if (!changedSegments.contains(segment.key())) {
                    for (List<Condition> rule : segment.rules()) {
                        if (usesAny(rule, changedSegments)) {
                            grew |= changedSegments.add(segment.key());
                        }
                    }
                }
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        for (FlagDefinition flag : after.flags()) {
            if (!Objects.equals(flag, before.flag(flag.key())) || usesAny(flag, changedSegments)) {
                changed.add(flag.key());
            }
        }
        for (FlagDefinition flag : before.flags()) {
            if (after.flag(flag.key()) == null) {
                changed.add(flag.key());
            }
        }
        grew = !changed.isEmpty();
        while (grew) {
            grew = false;
            for (FlagDefinition flag : after.flags()) {
                if (!changed.contains(flag.key())) {
                    for (Prerequisite prerequisite : flag.prerequisites()) {
                        if (changed.contains(prerequisite.flag())) {
                            grew |= changed.add(flag.key());
                        }
                    }
                }
            }
        }
        return changed;
    }

    private static boolean usesAny(FlagDefinition flag, Set<String> segments) {
        for (Rule rule : flag.rules()) {
            if (usesAny(rule.when(), segments)) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesAny(List<Condition> conditions, Set<String> segments) {
        for (Condition condition : conditions) {
            if (condition.operator() == Operator.IN_SEGMENT) {
                for (Object name : condition.values()) {
                    if (segments.contains(name)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
