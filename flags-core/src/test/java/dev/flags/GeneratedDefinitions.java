package dev.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates valid definitions documents from a seed: every flag type, targets, rules with every
 * operator, distributions, progressive rollouts, schedules, prerequisites on earlier flags only and
 * segments that include earlier segments only (so there is no cycle), nested attribute paths. The
 * trees are what a user writes, so they go through the reader as text.
 */
final class GeneratedDefinitions {

    private static final String[] ATTRIBUTES = {"country", "plan", "version", "age", "email", "user.name", "groups"};
    private static final String[] WORDS = {"DE", "FR", "NL", "free", "pro", "beta", "a@example.com", "x", ""};
    private static final String[] PATTERNS = {"^a", "example\\.com$", "[0-9]+", ".*"};
    private static final String[] VERSIONS = {"1.2.3", "0.9.0", "2.0.0-beta.1", "10.0.0"};
    private static final String[] RANGES = {"^1.2.0", "~0.9", ">=1.0.0 <2.0.0", "1.x || >=3.0.0"};
    private static final String[] INSTANTS = {"2026-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "2100-12-31T23:59:59Z"};
    private static final String[] OPERATORS = {
        "equals",
        "not-equals",
        "in",
        "not-in",
        "contains",
        "contains-any",
        "starts-with",
        "ends-with",
        "matches",
        "less-than",
        "less-than-or-equal",
        "greater-than",
        "greater-than-or-equal",
        "before",
        "after",
        "semver-equal",
        "semver-less-than",
        "semver-greater-than",
        "semver-in-range",
        "exists",
        "in-segment"
    };
    private static final String[] TYPES = {"boolean", "string", "integer", "double", "object"};

    private final Random random;
    private final List<String> segmentKeys = new ArrayList<>();

    GeneratedDefinitions(Random random) {
        this.random = random;
    }

    /** One document: {@code flags} and {@code segments}. */
    Map<String, Object> document() {
        segmentKeys.clear();
        Map<String, Object> segments = new LinkedHashMap<>();
        for (int i = 0; i < random.nextInt(3); i++) {
            String key = "segment-" + i;
            segments.put(key, segment());
            segmentKeys.add(key);
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        Map<String, List<String>> variantsByFlag = new LinkedHashMap<>();
        for (int i = 0; i < 1 + random.nextInt(6); i++) {
            String key = "flag-" + i;
            flags.put(key, flag(variantsByFlag));
            variantsByFlag.put(key, variantNames(flags.get(key)));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("flags", flags);
        if (!segments.isEmpty()) {
            document.put("segments", segments);
        }
        return document;
    }

    private Map<String, Object> segment() {
        Map<String, Object> segment = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            segment.put("included", keys());
        }
        if (random.nextBoolean()) {
            segment.put("excluded", keys());
        }
        if (random.nextBoolean() || segment.isEmpty()) {
            List<Object> rules = new ArrayList<>();
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("when", conditions());
            rules.add(rule);
            segment.put("rules", rules);
        }
        return segment;
    }

    private Map<String, Object> flag(Map<String, List<String>> earlier) {
        Map<String, Object> flag = new LinkedHashMap<>();
        String type = TYPES[random.nextInt(TYPES.length)];
        flag.put("type", type);
        List<String> variants;
        if (type.equals("boolean")) {
            variants = List.of("on", "off");
        } else {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < 2 + random.nextInt(3); i++) {
                values.put("v" + i, value(type, i));
            }
            flag.put("variants", values);
            variants = List.copyOf(values.keySet());
        }
        flag.put("default-variant", pick(variants));
        if (random.nextInt(3) == 0) {
            flag.put("off-variant", pick(variants));
        }
        if (random.nextInt(4) == 0) {
            flag.put("status", random.nextBoolean() ? "paused" : "active");
        }
        if (random.nextInt(4) == 0) {
            flag.put("bucket-by", pick(ATTRIBUTES));
        }
        if (random.nextInt(4) == 0) {
            flag.put("salt", "salt-" + random.nextInt(100));
        }
        if (!earlier.isEmpty() && random.nextInt(3) == 0) {
            List<String> keys = List.copyOf(earlier.keySet());
            String on = pick(keys);
            Map<String, Object> prerequisite = new LinkedHashMap<>();
            prerequisite.put("flag", on);
            prerequisite.put("variant", pick(earlier.get(on)));
            flag.put("prerequisites", List.of(prerequisite));
        }
        if (random.nextInt(3) == 0) {
            Map<String, Object> targets = new LinkedHashMap<>();
            targets.put(pick(variants), keys());
            flag.put("targets", targets);
        }
        List<Object> rules = new ArrayList<>();
        for (int i = 0; i < random.nextInt(4); i++) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", "rule-" + i);
            rule.put("when", conditions());
            rule.put("serve", serve(variants));
            rules.add(rule);
        }
        if (!rules.isEmpty()) {
            flag.put("rules", rules);
        }
        switch (random.nextInt(4)) {
            case 0 -> flag.put("fallthrough", serve(variants));
            case 1 -> flag.put("fallthrough", progressive(variants));
            default -> {}
        }
        return flag;
    }

    private Object value(String type, int index) {
        return switch (type) {
            case "string" -> "value-" + index;
            case "integer" -> (long) random.nextInt(1000) * (random.nextBoolean() ? 1 : -1) + index * 1000L;
            case "double" -> index + random.nextDouble();
            default -> Map.of("index", (long) index, "tags", List.of(pick(WORDS)));
        };
    }

    private Object serve(List<String> variants) {
        if (random.nextBoolean()) {
            return pick(variants);
        }
        Map<String, Object> weights = new LinkedHashMap<>();
        int left = 100;
        for (int i = 0; i < variants.size(); i++) {
            int weight = i == variants.size() - 1 ? left : random.nextInt(left + 1);
            weights.put(variants.get(i), (long) weight);
            left -= weight;
        }
        Map<String, Object> serve = new LinkedHashMap<>();
        serve.put("distribution", weights);
        return serve;
    }

    private Map<String, Object> progressive(List<String> variants) {
        Map<String, Object> progressive = new LinkedHashMap<>();
        progressive.put("variant", variants.get(0));
        progressive.put("otherwise", variants.get(1));
        progressive.put("start", "2026-01-01T00:00:00Z");
        progressive.put("end", "2027-01-01T00:00:00Z");
        progressive.put("from", (long) random.nextInt(50));
        progressive.put("to", (long) (50 + random.nextInt(51)));
        return Map.of("progressive", progressive);
    }

    private List<Object> conditions() {
        List<Object> conditions = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            String operator = pick(OPERATORS);
            Map<String, Object> condition = new LinkedHashMap<>();
            if (operator.equals("in-segment")) {
                if (segmentKeys.isEmpty()) {
                    operator = "exists";
                } else {
                    condition.put("operator", operator);
                    condition.put("values", List.of(pick(segmentKeys)));
                    conditions.add(condition);
                    continue;
                }
            }
            condition.put("attribute", pick(ATTRIBUTES));
            condition.put("operator", operator);
            switch (operator) {
                case "exists" -> {}
                case "equals", "not-equals" ->
                    condition.put("value", random.nextBoolean() ? pick(WORDS) : (Object) (long) random.nextInt(100));
                case "matches" -> condition.put("values", List.of(pick(PATTERNS)));
                case "less-than", "less-than-or-equal", "greater-than", "greater-than-or-equal" ->
                    condition.put("value", random.nextBoolean() ? (Object) (long) random.nextInt(100) : 0.5);
                case "before", "after" -> condition.put("value", pick(INSTANTS));
                case "semver-equal", "semver-less-than", "semver-greater-than" ->
                    condition.put("value", pick(VERSIONS));
                case "semver-in-range" -> condition.put("values", List.of(pick(RANGES)));
                default -> condition.put("values", List.of(pick(WORDS), pick(WORDS)));
            }
            if (random.nextInt(5) == 0) {
                condition.put("negate", true);
            }
            conditions.add(condition);
        }
        return conditions;
    }

    private List<Object> keys() {
        List<Object> keys = new ArrayList<>();
        int first = random.nextInt(20);
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            keys.add("user-" + (first + i));
        }
        return keys;
    }

    /** A random context over the attributes the conditions name, flat and nested. */
    EvaluationContext context() {
        EvaluationContext.Builder context = EvaluationContext.builder();
        if (random.nextInt(4) > 0) {
            context.targetingKey("user-" + random.nextInt(40));
        }
        for (int i = 0; i < random.nextInt(5); i++) {
            String attribute = pick(ATTRIBUTES);
            Object value = switch (random.nextInt(7)) {
                case 0 -> pick(WORDS);
                case 1 -> (long) random.nextInt(200) - 50;
                case 2 -> random.nextDouble() * 100;
                case 3 -> pick(VERSIONS);
                case 4 -> pick(INSTANTS);
                case 5 -> List.of(pick(WORDS), pick(WORDS));
                default -> Map.of("name", pick(WORDS));
            };
            if (attribute.equals("user.name")) {
                context.attribute("user", Map.of("name", value));
            } else {
                context.attribute(attribute, value);
            }
        }
        return context.build();
    }

    @SuppressWarnings("unchecked")
    private static List<String> variantNames(Object flag) {
        Map<String, Object> map = (Map<String, Object>) flag;
        Object variants = map.get("variants");
        return variants == null ? List.of("on", "off") : List.copyOf(((Map<String, Object>) variants).keySet());
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private String pick(String[] items) {
        return items[random.nextInt(items.length)];
    }
}
