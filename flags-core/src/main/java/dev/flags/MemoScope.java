package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * Where context-free {@link FlagManager} calls find the current unit of work's memo, for example the
 * current HTTP request's. Implementations must be fast and must not throw.
 */
@FunctionalInterface
public interface MemoScope {

    /** A scope that never has a memo: context-free calls evaluate for the empty context. */
    MemoScope NONE = () -> null;

    /**
     * The memo of the current unit of work.
     *
     * @return the memo, or {@code null} outside any unit of work
     */
    @Nullable
    FlagMemo currentMemo();
}
