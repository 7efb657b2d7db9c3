package dev.flags.definition;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The type of the values a flag's variants hold. */
public enum FlagType {
    /** {@code true} or {@code false}. */
    BOOLEAN("boolean"),
    /** A string. */
    STRING("string"),
    /** A 32-bit signed integer. */
    INTEGER("integer"),
    /** A double-precision number. */
    DOUBLE("double"),
    /** A JSON object or array, held as {@code Map<String, Object>} and {@code List<Object>}. */
    OBJECT("object");

    private final String id;

    FlagType(String id) {
        this.id = id;
    }

    /** The name used in definition files, for example {@code boolean}. */
    public String id() {
        return id;
    }

    /**
     * Looks a type up by its name in definition files.
     *
     * @param id the name, for example {@code string}
     * @return the type, or {@code null} when no type has that name
     */
    public static @Nullable FlagType fromId(String id) {
        for (FlagType type : values()) {
            if (type.id.equals(id)) {
                return type;
            }
        }
        return null;
    }

    /**
     * Whether a value, already normalized by the definitions reader or builder, is of this type.
     *
     * @param value the value
     * @return whether it is of this type
     */
    public boolean accepts(@Nullable Object value) {
        return switch (this) {
            case BOOLEAN -> value instanceof Boolean;
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Integer;
            case DOUBLE -> value instanceof Double;
            case OBJECT -> value instanceof Map || value instanceof List;
        };
    }
}
