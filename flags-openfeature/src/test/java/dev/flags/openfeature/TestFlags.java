package dev.flags.openfeature;

import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;

/** Fixture builders for the flags these tests evaluate. */
final class TestFlags {

    private TestFlags() {}

    /** A boolean flag serving {@code on} (true); {@code off} is false. */
    static FlagDefinition.Builder bool(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.BOOLEAN)
                .variant("on", true)
                .variant("off", false)
                .defaultVariant("on");
    }

    /** A string flag serving {@code greeting} ("hi"); {@code parting} is "bye". */
    static FlagDefinition.Builder string(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.STRING)
                .variant("greeting", "hi")
                .variant("parting", "bye")
                .defaultVariant("greeting");
    }

    /** An integer flag serving {@code large} (50); {@code small} is 10. */
    static FlagDefinition.Builder integer(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.INTEGER)
                .variant("small", 10)
                .variant("large", 50)
                .defaultVariant("large");
    }

    /** A double flag serving {@code low} (0.1); {@code high} is 0.9. */
    static FlagDefinition.Builder decimal(String key) {
        return FlagDefinition.builder(key)
                .type(FlagType.DOUBLE)
                .variant("low", 0.1)
                .variant("high", 0.9)
                .defaultVariant("low");
    }

    /** An object flag serving {@code value}. */
    static FlagDefinition.Builder object(String key, Object value) {
        return FlagDefinition.builder(key)
                .type(FlagType.OBJECT)
                .variant("value", value)
                .variant("empty", java.util.Map.of())
                .defaultVariant("value");
    }
}
