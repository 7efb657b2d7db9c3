package dev.flags.openfeature;

import dev.flags.AttributeView;
import dev.flags.EvaluationContext;
import dev.openfeature.sdk.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OpenFeature context's attributes as this library's, converted one at a time when a condition
 * reads them: most evaluations read one or two attributes of a context that has more, and the
 * OpenFeature client hands the provider a new merged context on every call, so copying them all
 * would cost every evaluation. OpenFeature contexts are immutable for the duration of a call, which
 * is as long as the engine holds this view. The built-in names are hidden: the targeting key always,
 * groups and environment when they became the context's own.
 */
final class OpenFeatureAttributes extends AttributeView {

    // Only the context, so that the view is the smallest object there is (16 B): whether groups and
    // environment became the context's own is asked again when one of those rare names is read.
    private final dev.openfeature.sdk.EvaluationContext context;

    OpenFeatureAttributes(dev.openfeature.sdk.EvaluationContext context) {
        this.context = context;
    }

    @Override
    public @Nullable Object get(@Nullable Object name) {
        if (!(name instanceof String attribute) || hidden(attribute)) {
            return null;
        }
        return Conversions.toJava(context.getValue(attribute));
    }

    private boolean hidden(String name) {
        return EvaluationContext.TARGETING_KEY.equals(name)
                || (EvaluationContext.GROUPS.equals(name) && Conversions.groups(context) != null)
                || (EvaluationContext.ENVIRONMENT.equals(name) && Conversions.environment(context) != null);
    }

    /** Every attribute, converted: for the rare reader that walks them (a hook, a log line, equality). */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Map.Entry<String, Value> entry : context.asUnmodifiableMap().entrySet()) {
            Object value = hidden(entry.getKey()) ? null : Conversions.toJava(entry.getValue());
            if (value != null) {
                all.put(entry.getKey(), value);
            }
        }
        return Collections.unmodifiableMap(all).entrySet();
    }
}
