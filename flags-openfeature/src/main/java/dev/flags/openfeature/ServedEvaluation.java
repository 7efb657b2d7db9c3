package dev.flags.openfeature;

import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvaluation;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProviderEvaluation} that {@link Outcomes} builds once per outcome and hands to every
 * evaluation that ends in it. The SDK's class is a mutable bean; a shared instance must not be, or
 * one caller's setter would change what every later evaluation answers, so the setters refuse.
 * Equality, hashing and the getters are the SDK's: an evaluation compares equal to a plain one with
 * the same fields.
 */
final class ServedEvaluation<T> extends ProviderEvaluation<T> {

    ServedEvaluation(
            T value,
            @Nullable String variant,
            String reason,
            @Nullable ErrorCode errorCode,
            @Nullable String errorMessage,
            ImmutableMetadata metadata) {
        super(value, variant, reason, errorCode, errorMessage, metadata);
    }

    @Override
    public void setValue(T value) {
        throw shared();
    }

    @Override
    public void setVariant(String variant) {
        throw shared();
    }

    @Override
    public void setReason(String reason) {
        throw shared();
    }

    @Override
    public void setErrorCode(ErrorCode errorCode) {
        throw shared();
    }

    @Override
    public void setErrorMessage(String errorMessage) {
        throw shared();
    }

    @Override
    public void setFlagMetadata(ImmutableMetadata flagMetadata) {
        throw shared();
    }

    private static UnsupportedOperationException shared() {
        return new UnsupportedOperationException(
                "FlagsProvider's evaluations are shared between calls and cannot be changed; build a new"
                        + " ProviderEvaluation instead");
    }
}
