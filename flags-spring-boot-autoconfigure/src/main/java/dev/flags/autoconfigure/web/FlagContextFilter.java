package dev.flags.autoconfigure.web;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.autoconfigure.FlagsProperties.RequestContext;
import dev.flags.autoconfigure.support.ProtocolPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Builds the evaluation context of each request once, and keeps the request's memo where
 * context-free {@link FlagManager} calls find it: within one request a flag keeps its answer.
 *
 * <p>Targeting key: the authenticated principal's name, else the configured header, else a stable
 * random id kept in a cookie. Groups: from the customizers (Spring Security authorities) or the
 * configured header. Attributes: {@code ip}, {@code userAgent}, {@code locale}, and the configured
 * headers, cookies and query parameters.
 */
final class FlagContextFilter extends OncePerRequestFilter {

    private final FlagManager flagManager;
    private final RequestContext settings;
    private final List<FlagContextCustomizer> customizers;

    private final @Nullable Peek peek;

    private final @Nullable ProtocolPaths skipped;

    FlagContextFilter(FlagManager flagManager, RequestContext settings, List<FlagContextCustomizer> customizers) {
        this(flagManager, settings, customizers, null);
    }

    /**
     * @param peek evaluates the pre-evaluated flags without recording experiment exposures;
     *     {@code null} without experiments
     */
    FlagContextFilter(
            FlagManager flagManager,
            RequestContext settings,
            List<FlagContextCustomizer> customizers,
            @Nullable Peek peek) {
        this(flagManager, settings, customizers, peek, null);
    }

    /**
     * @param skipped the admin and OFREP paths, where no request context is built; {@code null} for none
     */
    FlagContextFilter(
            FlagManager flagManager,
            RequestContext settings,
            List<FlagContextCustomizer> customizers,
            @Nullable Peek peek,
            @Nullable ProtocolPaths skipped) {
        this.flagManager = flagManager;
        this.settings = settings;
        this.customizers = List.copyOf(customizers);
        this.peek = peek;
        this.skipped = skipped;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (skipped == null) {
            return false;
        }
        String uri = request.getRequestURI();
        String contextPath = request.getContextPath();
        return skipped.contains(uri.startsWith(contextPath) ? uri.substring(contextPath.length()) : uri);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        EvaluationContext context = context(request, response);
        FlagMemo memo = flagManager.memo(context);
        request.setAttribute(RequestMemoScope.ATTRIBUTE, memo);
        if (!settings.getPreEvaluate().isEmpty()) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String key : settings.getPreEvaluate()) {
                // Pre-evaluated values are offered, not used: peek records no experiment exposure
                // and leaves the memo to the code that uses the flag (and records it).
                values.put(
                        key,
                        peek == null
                                ? memo.evaluate(key).value()
                                : peek.peek(key, context).value());
            }
            request.setAttribute(settings.getPreEvaluatedAttribute(), Collections.unmodifiableMap(values));
        }
        chain.doFilter(request, response);
    }

    EvaluationContext context(HttpServletRequest request, HttpServletResponse response) {
        EvaluationContext.Builder context = EvaluationContext.builder();
        Principal principal = request.getUserPrincipal();
        String targetingKey = principal != null ? principal.getName() : null;
        if (targetingKey == null && settings.getTargetingKeyHeader() != null) {
            targetingKey = blankToNull(request.getHeader(settings.getTargetingKeyHeader()));
        }
        if (targetingKey != null) {
            context.attribute(EvaluationContext.USER, targetingKey);
        } else {
            targetingKey = anonymousId(request, response);
        }
        context.targetingKey(targetingKey);
        if (principal == null && settings.getGroupsHeader() != null) {
            String groups = request.getHeader(settings.getGroupsHeader());
            if (groups != null) {
                for (String group : groups.split(",")) {
                    if (!group.isBlank()) {
                        context.group(group.strip());
                    }
                }
            }
        }
        context.attribute("ip", request.getRemoteAddr());
        context.attribute("userAgent", request.getHeader("User-Agent"));
        Locale locale = request.getLocale();
        if (locale != null) {
            context.attribute("locale", locale.toLanguageTag());
        }
        for (String header : settings.getHeaders()) {
            context.attribute(header.toLowerCase(Locale.ROOT), request.getHeader(header));
        }
        for (String name : settings.getCookies()) {
            context.attribute(name, cookie(request, name));
        }
        for (String name : settings.getQueryParameters()) {
            context.attribute(name, request.getParameter(name));
        }
        for (FlagContextCustomizer customizer : customizers) {
            customizer.customize(context, request);
        }
        return context.build();
    }

    private String anonymousId(HttpServletRequest request, HttpServletResponse response) {
        String name = settings.getAnonymousCookie();
        String id = name.isEmpty() ? null : cookie(request, name);
        if (id == null) {
            id = UUID.randomUUID().toString();
            if (!name.isEmpty()) {
                Cookie cookie = new Cookie(name, id);
                cookie.setPath("/");
                cookie.setHttpOnly(true);
                cookie.setMaxAge((int) Math.min(
                        Integer.MAX_VALUE, settings.getAnonymousCookieMaxAge().toSeconds()));
                response.addCookie(cookie);
            }
        }
        return id;
    }

    private static @Nullable String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return blankToNull(cookie.getValue());
                }
            }
        }
        return null;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Evaluates a flag without recording an experiment exposure or filling the memo; contributed
     * only with flags-experiments, so that the filter names none of its types.
     */
    @FunctionalInterface
    interface Peek {

        EvaluationDetails<Object> peek(String flagKey, EvaluationContext context);
    }
}
