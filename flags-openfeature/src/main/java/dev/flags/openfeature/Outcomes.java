package dev.flags.openfeature;

import dev.flags.EvaluationDetails;
import dev.openfeature.sdk.ProviderEvaluation;
import java.util.Arrays;
import java.util.function.Function;

/**
 * The provider's answers, built once per engine outcome and value conversion. The engine returns
 * the same {@link EvaluationDetails} object every time an evaluation ends the same way (results are
 * built when flags compile), so the answer for an outcome is looked up by that object's identity
 * instead of a new {@link ProviderEvaluation}, value conversion and metadata on every call.
 *
 * <p>A direct-mapped table, read and written without a lock: each slot holds an immutable entry,
 * safely published through its final fields, so a reader sees a whole entry or none, and a lost
 * race only costs building an answer again. A slot is filled only when empty, so outcomes the
 * engine builds per call (errors, the caller's default) cannot evict the pre-built ones; the table
 * is emptied when the definitions change, which bounds what it keeps of old snapshots.
 */
final class Outcomes {

    private static final int SLOTS = 1024; // a power of two
    private static final int MASK = SLOTS - 1;

    private final Entry[] slots = new Entry[SLOTS];

    /** The answer for a served variant ({@code details.variant()} and its value set). */
    <T> ProviderEvaluation<T> served(EvaluationDetails<?> details, Function<Object, T> conversion) {
        // the conversion constants are few and distinct: their identity keeps the types apart
        int slot = (System.identityHashCode(details) * 31 + System.identityHashCode(conversion)) & MASK;
        Entry entry = slots[slot];
        if (entry != null && entry.details == details && entry.conversion == conversion) {
            @SuppressWarnings("unchecked")
            ProviderEvaluation<T> answer = (ProviderEvaluation<T>) entry.answer;
            return answer;
        }
        ProviderEvaluation<T> answer = new ServedEvaluation<>(
                conversion.apply(details.value()),
                details.variant(),
                FlagsProvider.reason(details.reason()),
                FlagsProvider.errorCode(details.errorCode()),
                details.errorMessage(),
                FlagsProvider.metadata(details));
        if (entry == null) {
            slots[slot] = new Entry(details, conversion, answer);
        }
        return answer;
    }

    /** Forgets every answer: the definitions changed, and the old snapshot's outcomes will not come back. */
    void clear() {
        Arrays.fill(slots, null);
    }

    private static final class Entry {
        final EvaluationDetails<?> details;
        final Function<?, ?> conversion;
        final ProviderEvaluation<?> answer;

        Entry(EvaluationDetails<?> details, Function<?, ?> conversion, ProviderEvaluation<?> answer) {
            this.details = details;
            this.conversion = conversion;
            this.answer = answer;
        }
    }
}
