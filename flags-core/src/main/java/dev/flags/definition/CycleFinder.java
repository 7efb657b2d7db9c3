package dev.flags.definition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the cycles of a directed graph by depth-first search, each reported once, spelled from the
 * node that comes first in the given order back to itself ({@code a -> b -> c -> a}).
 */
final class CycleFinder {

    private final Map<String, List<String>> edges;
    private final Map<String, Integer> state = new HashMap<>(); // absent: new; 1: on the path; 2: done
    private final List<String> path = new ArrayList<>();
    private final List<List<String>> cycles = new ArrayList<>();
    private final Set<Set<String>> reported = new HashSet<>();

    CycleFinder(Map<String, List<String>> edges) {
        this.edges = edges;
    }

    List<List<String>> cycles(List<String> order) {
        for (String node : order) {
            if (!state.containsKey(node)) {
                visit(node);
            }
        }
        return cycles;
    }

    private void visit(String node) {
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, List.of())) {
            Integer nextState = state.get(next);
            if (nextState == null) {
                visit(next);
            } else if (nextState == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                if (reported.add(new HashSet<>(cycle))) {
                    cycle.add(next);
                    cycles.add(cycle);
                }
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
    }
}
