package dev.flags.autoconfigure.reactor;

import static java.util.Objects.requireNonNull;

import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The flag memo of a reactive unit of work (a WebFlux exchange), carried in the Reactor context
 * rather than in a thread-local. The WebFlux filter puts it there for every exchange; code inside the
 * reactive chain reads it with {@link #memo()}:
 *
 * <pre>{@code
 * Mono<String> price = ReactorFlags.memo(flags)
 *         .map(memo -> memo.isEnabled("discount") ? "9.99" : "12.99");
 * }</pre>
 *
 * {@code @FeatureToggle} and {@code @Variant} methods returning {@code Mono} or {@code Flux} decide at
 * subscription time with the memo found here.
 */
public final class ReactorFlags {

    /** The Reactor context key under which the memo travels. */
    public static final String MEMO_KEY = FlagMemo.class.getName();

    private ReactorFlags() {}

    /**
     * The memo of the subscribing chain.
     *
     * @return the memo, or an empty {@code Mono} outside any unit of work
     */
    public static Mono<FlagMemo> memo() {
        return Mono.deferContextual(context -> Mono.justOrEmpty(memo(context)));
    }

    /**
     * The memo of the subscribing chain, or the manager's current one (its memo scope's, else the
     * empty context's) outside any reactive unit of work.
     *
     * @param flagManager the manager to fall back to
     * @return the memo, never empty
     */
    public static Mono<FlagMemo> memo(FlagManager flagManager) {
        requireNonNull(flagManager, "flagManager");
        return Mono.deferContextual(context -> Mono.just(memo(context, flagManager)));
    }

    /**
     * The memo kept in a Reactor context.
     *
     * @param context a subscriber's context view
     * @return the memo, or {@code null} when the context carries none
     */
    public static @Nullable FlagMemo memo(ContextView context) {
        return context.getOrDefault(MEMO_KEY, null) instanceof FlagMemo memo ? memo : null;
    }

    /**
     * The memo kept in a Reactor context, else the manager's current one.
     *
     * @param context a subscriber's context view
     * @param flagManager the manager to fall back to
     * @return the memo
     */
    public static FlagMemo memo(ContextView context, FlagManager flagManager) {
        FlagMemo memo = memo(context);
        return memo != null ? memo : flagManager.current();
    }

    /**
     * A Reactor context that carries the memo, for chains started outside WebFlux (a message
     * listener, a scheduled job): {@code mono.contextWrite(c -> ReactorFlags.with(c, memo))}.
     *
     * @param context the context to extend
     * @param memo the memo
     * @return the extended context
     */
    public static Context with(Context context, FlagMemo memo) {
        return context.put(MEMO_KEY, requireNonNull(memo, "memo"));
    }
}
