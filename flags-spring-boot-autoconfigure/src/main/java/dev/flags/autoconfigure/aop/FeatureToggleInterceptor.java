package dev.flags.autoconfigure.aop;

import dev.flags.annotation.FeatureDisabledException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/** Runs a {@code @FeatureToggle} method only while its flag is on; otherwise its fallback or an exception. */
final class FeatureToggleInterceptor implements MethodInterceptor {

    private final FlagMethods methods;

    FeatureToggleInterceptor(FlagMethods methods) {
        this.methods = methods;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Method method = FlagMethods.invoked(invocation);
        FlagMethods.Toggle toggle = methods.toggle(method);
        if (toggle == FlagMethods.NO_TOGGLE) {
            return invocation.proceed();
        }
        if (toggle.returns() == FlagMethods.Returns.MONO || toggle.returns() == FlagMethods.Returns.FLUX) {
            return ReactiveCalls.toggle(methods.flagManager(), toggle, invocation, method);
        }
        if (methods.flagManager().isEnabled(toggle.flag())) {
            return invocation.proceed();
        }
        if (toggle.fallback() != null) {
            return call(toggle.fallback(), target, invocation.getArguments());
        }
        FeatureDisabledException disabled = new FeatureDisabledException(toggle.flag(), FlagMethods.describe(method));
        if (toggle.returns() == FlagMethods.Returns.ASYNC) {
            return CompletableFuture.failedFuture(disabled);
        }
        throw disabled;
    }

    static @Nullable Object call(Method method, @Nullable Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
