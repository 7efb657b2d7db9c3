package dev.flags;

import java.util.AbstractMap;
import org.jspecify.annotations.Nullable;

/**
 * Attributes that an integration looks up in its own context type when a condition asks for one,
 * instead of copying every attribute into each {@link EvaluationContext}: the OpenFeature provider
 * wraps OpenFeature's context this way, so an evaluation reads the one or two attributes its
 * conditions name and copies nothing. {@link EvaluationContext} keeps a view as it is.
 *
 * <p>A view must behave like the attributes a context would hold: immutable, values in the
 * normalized form every context uses (string, boolean, {@code Integer} or {@code Long}, {@code
 * Double}, {@code Instant}, unmodifiable lists and insertion-ordered maps), no {@code null} values
 * and no entries for the built-in names. {@link #get} is the fast path the engine uses; the rest of
 * the map (size, iteration, equality) may be computed when asked.
 */
public abstract class AttributeView extends AbstractMap<String, Object> {

    /** For subclasses. */
    protected AttributeView() {}

    /**
     * Looks one attribute up.
     *
     * @param name the attribute's name
     * @return its normalized value, or {@code null} when the context has none
     */
    @Override
    public abstract @Nullable Object get(@Nullable Object name);

    @Override
    public boolean containsKey(@Nullable Object name) {
        return get(name) != null;
    }
}
