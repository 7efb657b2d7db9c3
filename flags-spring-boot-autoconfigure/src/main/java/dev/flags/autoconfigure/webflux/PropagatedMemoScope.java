package dev.flags.autoconfigure.webflux;

import dev.flags.FlagMemo;
import dev.flags.MemoScope;
import dev.flags.autoconfigure.reactor.ReactorFlags;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * The memo scope of reactive applications: Micrometer's context-propagation library copies the
 * memo from the Reactor context onto the thread that runs each step (with
 * {@code spring.reactor.context-propagation=auto}), so context-free {@code FlagManager} calls in a
 * handler see the exchange's memo. The thread-local is only that library's landing place: the memo
 * travels in the Reactor context, and {@link ReactorFlags} reads it from there without this scope.
 */
final class PropagatedMemoScope implements MemoScope, ThreadLocalAccessor<FlagMemo> {

    private final ThreadLocal<@Nullable FlagMemo> current = new ThreadLocal<>();

    @Override
    public @Nullable FlagMemo currentMemo() {
        return current.get();
    }

    @Override
    public Object key() {
        return ReactorFlags.MEMO_KEY;
    }

    @Override
    public @Nullable FlagMemo getValue() {
        return current.get();
    }

    @Override
    public void setValue(FlagMemo value) {
        current.set(value);
    }

    @Override
    public void setValue() {
        current.remove();
    }
}
