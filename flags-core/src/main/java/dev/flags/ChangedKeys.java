package dev.flags;

import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.SegmentDefinition;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
        // Indexed once: looking each key up in the other list would make every reload quadratic in
        // the number of flags, and a follower reloads on every change another instance makes.
        Map<String, SegmentDefinition> segmentsBefore = new HashMap<>();
        for (SegmentDefinition segment : before.segments()) {
            segmentsBefore.putIfAbsent(segment.key(), segment);
        }
        Set<String> segmentsAfter = new HashSet<>();
        Set<String> changedSegments = new HashSet<>();
        for (SegmentDefinition segment : after.segments()) {
            segmentsAfter.add(segment.key());
            if (!Objects.equals(segment, segmentsBefore.get(segment.key()))) {
                changedSegments.add(segment.key());
            }
        }
        for (SegmentDefinition segment : before.segments()) {
            if (!segmentsAfter.contains(segment.key())) {
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
        Map<String, FlagDefinition> flagsBefore = new HashMap<>();
        for (FlagDefinition flag : before.flags()) {
            flagsBefore.putIfAbsent(flag.key(), flag);
        }
        Set<String> flagsAfter = new HashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        for (FlagDefinition flag : after.flags()) {
            flagsAfter.add(flag.key());
            if (!Objects.equals(flag, flagsBefore.get(flag.key())) || usesAny(flag, changedSegments)) {
                changed.add(flag.key());
            }
        }
        for (FlagDefinition flag : before.flags()) {
            if (!flagsAfter.contains(flag.key())) {
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
