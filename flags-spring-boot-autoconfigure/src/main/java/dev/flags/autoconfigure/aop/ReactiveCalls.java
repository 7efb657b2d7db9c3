package dev.flags.autoconfigure.aop;

import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.annotation.FeatureDisabledException;
import dev.flags.autoconfigure.reactor.ReactorFlags;
import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * {@code @FeatureToggle} and {@code @Variant} on methods returning {@code Mono} or {@code Flux}: the
 * flag is evaluated when the result is subscribed to, with the memo of the subscriber's Reactor
 * context (a WebFlux exchange's), and neither the method nor its body runs when the flag turns it
 * away. Each subscription decides afresh. Loaded only where Reactor is present.
 */
final class ReactiveCalls {

    private ReactiveCalls() {}

    static Object toggle(
            FlagManager flagManager, FlagMethods.Toggle toggle, MethodInvocation invocation, Method method) {
        return defer(toggle.returns(), context -> {
            FlagMemo memo = ReactorFlags.memo(context, flagManager);
            if (memo.isEnabled(toggle.flag())) {
                return proceed(invocation);
            }
            Method fallback = toggle.fallback();
            if (fallback != null) {
                return FeatureToggleInterceptor.call(fallback, invocation.getThis(), invocation.getArguments());
            }
            throw new FeatureDisabledException(toggle.flag(), FlagMethods.describe(method));
        });
    }

    static Object dispatch(
            FlagManager flagManager, FlagMethods.Dispatch dispatch, MethodInvocation invocation, Method method) {
        return defer(dispatch.returns(), context -> {
            String variant = ReactorFlags.memo(context, flagManager).getVariant(dispatch.flag());
            Method implementation = variant == null ? null : dispatch.variants().get(variant);
            if (implementation == null || implementation.equals(method)) {
                return proceed(invocation);
            }
            return FeatureToggleInterceptor.call(implementation, invocation.getThis(), invocation.getArguments());
        });
    }

    /** Calls the rest of the chain on a copy, so that a second subscription runs it again in full. */
    private static @Nullable Object proceed(MethodInvocation invocation) throws Throwable {
        return invocation instanceof ProxyMethodInvocation proxied
                ? proxied.invocableClone().proceed()
                : invocation.proceed();
    }

    @FunctionalInterface
    private interface Call {

        @Nullable
        Object call(ContextView context) throws Throwable;
    }

    private static Object defer(FlagMethods.Returns returns, Call call) {
        if (returns == FlagMethods.Returns.MONO) {
            return Mono.deferContextual(context -> {
                Publisher<?> publisher = publisher(call, context);
                return publisher == null ? Mono.empty() : Mono.from(publisher);
            });
        }
        return Flux.deferContextual(context -> {
            Publisher<?> publisher = publisher(call, context);
            return publisher == null ? Flux.empty() : Flux.from(publisher);
        });
    }

    private static @Nullable Publisher<?> publisher(Call call, ContextView context) {
        try {
            return (Publisher<?>) call.call(context);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // A checked exception from the method: Reactor delivers it as the error signal.
            return Mono.error(e);
        }
    }
}
