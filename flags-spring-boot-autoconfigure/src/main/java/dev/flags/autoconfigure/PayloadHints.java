package dev.flags.autoconfigure;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;

/**
 * The one way the auto-configurations' runtime hints make JSON payloads serializable after Spring
 * AOT (a native image, where Jackson cannot reflect on a type without a hint): every record an
 * owner class is or declares, nested records included, gets Spring's binding hints (constructor,
 * accessors, and the types of their components). Public for the auto-configurations' packages
 * only; not API, may change at any time.
 */
public final class PayloadHints {

    private static final BindingReflectionHintsRegistrar BINDING = new BindingReflectionHintsRegistrar();

    private PayloadHints() {}

    /**
     * Registers binding hints for the records of the owners.
     *
     * @param hints the hints to add to
     * @param owners payload records, or classes declaring them (a controller, an endpoint)
     */
    public static void registerRecords(RuntimeHints hints, Class<?>... owners) {
        for (Class<?> owner : owners) {
            register(hints, owner);
        }
    }

    private static void register(RuntimeHints hints, Class<?> type) {
        if (type.isRecord()) {
            BINDING.registerReflectionHints(hints.reflection(), type);
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            register(hints, nested);
        }
    }
}
