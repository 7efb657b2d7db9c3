package dev.flags.annotation;

import static java.util.Objects.requireNonNull;

import java.io.Serial;

/**
 * A method behind {@link FeatureToggle} was called while its flag is off and it has no fallback.
 * The Spring starter answers a web request that ends with this exception with 404 (configurable).
 */
public final class FeatureDisabledException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String flagKey;

    /**
     * Creates the exception.
     *
     * @param flagKey the key of the flag that is off
     * @param method names the method that did not run
     */
    public FeatureDisabledException(String flagKey, String method) {
        super("Feature '" + requireNonNull(flagKey, "flagKey") + "' is off; " + method + " did not run");
        this.flagKey = flagKey;
    }

    /** The key of the flag that is off. */
    public String flagKey() {
        return flagKey;
    }
}
