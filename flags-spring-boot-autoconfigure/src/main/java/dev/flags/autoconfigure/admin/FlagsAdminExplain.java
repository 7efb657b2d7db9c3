package dev.flags.autoconfigure.admin;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.admin.Actor;
import dev.flags.admin.FlagAdmin;
import dev.flags.admin.ValidationException;
import dev.flags.autoconfigure.FlagExplanation;
import dev.flags.definition.DefinitionError;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST .../flags/{key}/explain}: evaluates a stored flag for the context in the body and
 * explains the outcome (value, variant, reason, matched rule, bucket, prerequisite chain), for
 * callers that may read the flag. Records no experiment exposure. The body is
 * {@code {"targetingKey": "ann", "groups": ["beta"], "attributes": {"plan": "premium"},
 * "environment": "prod"}}, every member optional; attribute values keep their JSON types. Free of
 * either web stack: {@link FlagsAdminExplainController} (Spring MVC) and
 * {@link ReactiveFlagsAdminController} (WebFlux) bind it.
 */
final class FlagsAdminExplain {

    private static final String REQUEST = "request";

    private final FlagAdmin admin;

    private final FlagManager flags;

    private final ExposureFreeEvaluation evaluation;

    FlagsAdminExplain(FlagAdmin admin, FlagManager flags, ExposureFreeEvaluation evaluation) {
        this.admin = admin;
        this.flags = flags;
        this.evaluation = evaluation;
    }

    /** Explains the flag for the context in the body, to a caller already known to be someone. */
    FlagExplanation explain(Actor actor, String key, @Nullable Map<String, Object> body) {
        admin.getFlag(actor, key); // 403 or 404 as for reading the flag itself
        EvaluationContext context = context(body == null ? Map.of() : body);
        return FlagExplanation.of(evaluation.run(() -> flags.explain(key, context)));
    }

    private static EvaluationContext context(Map<String, Object> body) {
        EvaluationContext.Builder context = EvaluationContext.builder()
                .targetingKey(text(body, "targetingKey"))
                .environment(text(body, "environment"));
        Object groups = body.get("groups");
        if (groups instanceof List<?> list) {
            for (Object group : list) {
                if (!(group instanceof String name)) {
                    throw invalid("groups", "must be a list of strings");
                }
                if (!name.isBlank()) {
                    context.group(name.strip());
                }
            }
        } else if (groups != null) {
            throw invalid("groups", "must be a list of strings");
        }
        Object attributes = body.get("attributes");
        if (attributes instanceof Map<?, ?> map) {
            map.forEach((name, value) -> context.attribute(String.valueOf(name), value));
        } else if (attributes != null) {
            throw invalid("attributes", "must be an object of attribute names and values");
        }
        return context.build();
    }

    private static @Nullable String text(Map<String, Object> body, String name) {
        Object value = body.get(name);
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw invalid(name, "must be a string");
        }
        return s;
    }

    private static ValidationException invalid(String path, String message) {
        return new ValidationException(List.of(new DefinitionError(REQUEST, path, message)));
    }
}
