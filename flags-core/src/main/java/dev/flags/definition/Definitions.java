package dev.flags.definition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set of flag and segment definitions, as read from one source or built in code. Nothing is
 * checked on construction; {@link #validate()} reports every problem at once.
 *
 * @param flags the flags, in order
 * @param segments the segments, in order
 */
public record Definitions(List<FlagDefinition> flags, List<SegmentDefinition> segments) {

    /**
     * The longest flag key, segment key, variant name, tag or environment name, in characters:
     * what every flag store holds (the JDBC store's key columns are {@code VARCHAR(200)}).
     */
    public static final int MAX_KEY_LENGTH = 200;

    /** No flags and no segments. */
    public static final Definitions EMPTY = new Definitions(List.of(), List.of());

    /** Copies the components. */
    public Definitions {
        flags = List.copyOf(flags);
        segments = List.copyOf(segments);
    }

    /**
     * Definitions of the given flags and no segments.
     *
     * @param flags the flags
     * @return the definitions
     */
    public static Definitions of(FlagDefinition... flags) {
        return new Definitions(Arrays.asList(flags), List.of());
    }

    /**
     * The flag with the given key.
     *
     * @param key the flag key
     * @return the first flag with that key, or {@code null}
     */
    public @Nullable FlagDefinition flag(String key) {
        for (FlagDefinition flag : flags) {
            if (flag.key().equals(key)) {
                return flag;
            }
        }
        return null;
    }

    /**
     * The segment with the given key.
     *
     * @param key the segment key
     * @return the first segment with that key, or {@code null}
     */
    public @Nullable SegmentDefinition segment(String key) {
        for (SegmentDefinition segment : segments) {
            if (segment.key().equals(key)) {
                return segment;
            }
        }
        return null;
    }

    /** These definitions with one more segment. */
    public Definitions withSegment(SegmentDefinition segment) {
        List<SegmentDefinition> more = new ArrayList<>(segments);
        more.add(segment);
        return new Definitions(flags, more);
    }

    /** These definitions with the flag of the same key replaced, or the flag added at the end. */
    public Definitions withFlag(FlagDefinition flag) {
        List<FlagDefinition> updated = new ArrayList<>(flags);
        boolean replaced = false;
        for (int i = 0; i < updated.size(); i++) {
            if (updated.get(i).key().equals(flag.key())) {
                updated.set(i, flag);
                replaced = true;
            }
        }
        if (!replaced) {
            updated.add(flag);
        }
        return new Definitions(updated, segments);
    }

    /** These definitions without the flag of the given key. */
    public Definitions withoutFlag(String key) {
        return new Definitions(flags.stream().filter(f -> !f.key().equals(key)).toList(), segments);
    }

    /**
     * Every problem in these definitions, each with its path, for example
     * {@code flags.checkout.rules[1].when[0].values[0]: ...}. Empty when they are valid.
     *
     * @return the problems, without a source name
     */
    public List<DefinitionError> validate() {
        return new DefinitionsValidator(this).validate();
    }

    /**
     * The same problems as {@link #validate()}, found faster when these definitions are a few
     * changes away from ones known to be valid, as on each reload: the checks of a flag equal to
     * the valid one of its key, whose prerequisites are equal too, are skipped while the segments
     * are equal. Passing definitions that are not valid hides their problems.
     *
     * @param valid definitions for which {@link #validate()} found no problem
     * @return the problems of these definitions, without a source name
     */
    public List<DefinitionError> validateChangesFrom(Definitions valid) {
        return new DefinitionsValidator(this, valid).validate();
    }

    /**
     * Throws when these definitions are not valid.
     *
     * @param source names where the definitions came from, used in the message
     * @return these definitions
     * @throws DefinitionsException listing every problem
     */
    public Definitions requireValid(String source) {
        List<DefinitionError> errors = validate();
        if (!errors.isEmpty()) {
            throw new DefinitionsException(
                    errors.stream().map(e -> e.withSource(source)).toList());
        }
        return this;
    }
}
