package dev.flags.autoconfigure.web;

import dev.flags.FlagMemo;
import dev.flags.MemoScope;
import org.jspecify.annotations.Nullable;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The current web request's memo, kept in a request attribute by {@link FlagContextFilter}. */
final class RequestMemoScope implements MemoScope {

    static final String ATTRIBUTE = FlagMemo.class.getName();

    @Override
    public @Nullable FlagMemo currentMemo() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return null;
        }
        return attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof FlagMemo memo
                ? memo
                : null;
    }
}
