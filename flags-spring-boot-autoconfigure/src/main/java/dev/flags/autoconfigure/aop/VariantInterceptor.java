package dev.flags.autoconfigure.aop;

import java.lang.reflect.Method;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/** Sends a call of a {@code @Variant} control method to the method of the variant the flag serves. */
final class VariantInterceptor implements MethodInterceptor {

    private final FlagMethods methods;

    VariantInterceptor(FlagMethods methods) {
        this.methods = methods;
    }

    @Override
    public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
        Object target = invocation.getThis();
        Method method = FlagMethods.invoked(invocation);
        FlagMethods.Dispatch dispatch = methods.dispatch(method);
        if (dispatch.variants().isEmpty()) {
            return invocation.proceed();
        }
        if (dispatch.returns() == FlagMethods.Returns.MONO || dispatch.returns() == FlagMethods.Returns.FLUX) {
            return ReactiveCalls.dispatch(methods.flagManager(), dispatch, invocation, method);
        }
        String variant = methods.flagManager().getVariant(dispatch.flag());
        Method implementation = variant == null ? null : dispatch.variants().get(variant);
        if (implementation == null || implementation.equals(method)) {
            return invocation.proceed();
        }
        return FeatureToggleInterceptor.call(implementation, target, invocation.getArguments());
    }
}
