package dev.flags.autoconfigure.webflux;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.autoconfigure.FlagsProperties.RequestContext;
import dev.flags.autoconfigure.reactor.ReactorFlags;
import dev.flags.autoconfigure.support.ProtocolPaths;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Builds the evaluation context of each exchange once, from the same sources as the servlet filter,
 * and puts the exchange's memo in the Reactor context (and in an exchange attribute): within one
 * exchange a flag keeps its answer, and no thread-local is needed to find it.
 *
 * <p>Targeting key: the authenticated principal's name, else the configured header, else a stable
 * random id kept in a cookie. Groups: from the customizers (Spring Security authorities) or the
 * configured header. Attributes: {@code ip}, {@code userAgent}, {@code locale}, and the configured
 * headers, cookies and query parameters.
 */
final class FlagContextWebFilter implements WebFilter, Ordered {

    /** The exchange attribute holding the exchange's {@link FlagMemo}. */
    static final String MEMO_ATTRIBUTE = ReactorFlags.MEMO_KEY;

    private final FlagManager flagManager;
    private final RequestContext settings;
    private final List<ReactiveFlagContextCustomizer> customizers;
    private final @Nullable Peek peek;
    private final @Nullable ProtocolPaths skipped;
    private final @Nullable Caller caller;

    /**
     * @param peek evaluates the pre-evaluated flags without recording experiment exposures;
     *     {@code null} without experiments
     */
    FlagContextWebFilter(
            FlagManager flagManager,
            RequestContext settings,
            List<ReactiveFlagContextCustomizer> customizers,
            @Nullable Peek peek) {
        this(flagManager, settings, customizers, peek, null);
    }

    /**
     * @param skipped the admin and OFREP paths, where no request context is built; {@code null} for none
     */
    FlagContextWebFilter(
            FlagManager flagManager,
            RequestContext settings,
            List<ReactiveFlagContextCustomizer> customizers,
            @Nullable Peek peek,
            @Nullable ProtocolPaths skipped) {
        this(flagManager, settings, customizers, peek, skipped, null);
    }

    /**
     * @param caller carries the exchange's authenticated caller in the Reactor context beside the
     *     memo; {@code null} to carry only the memo
     */
    FlagContextWebFilter(
            FlagManager flagManager,
            RequestContext settings,
            List<ReactiveFlagContextCustomizer> customizers,
            @Nullable Peek peek,
            @Nullable ProtocolPaths skipped,
            @Nullable Caller caller) {
        this.flagManager = flagManager;
        this.settings = settings;
        this.customizers = List.copyOf(customizers);
        this.peek = peek;
        this.skipped = skipped;
        this.caller = caller;
    }

    @Override
    public int getOrder() {
        return settings.getFilterOrder();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (skipped != null
                && skipped.contains(
                        exchange.getRequest().getPath().pathWithinApplication().value())) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(principal -> new Holder(principal))
                .defaultIfEmpty(new Holder(null))
                .flatMap(holder -> {
                    EvaluationContext context = context(exchange, holder.principal);
                    FlagMemo memo = flagManager.memo(context);
                    exchange.getAttributes().put(MEMO_ATTRIBUTE, memo);
                    preEvaluate(exchange, context, memo);
                    return chain.filter(exchange)
                            .contextWrite(c -> carry(ReactorFlags.with(c, memo), holder.principal));
                });
    }

    private Context carry(Context context, @Nullable Principal principal) {
        return caller == null || principal == null ? context : caller.carry(context, principal);
    }

    /** A principal or its absence: a Reactor chain carries no nulls. */
    private record Holder(@Nullable Principal principal) {}

    private void preEvaluate(ServerWebExchange exchange, EvaluationContext context, FlagMemo memo) {
        if (settings.getPreEvaluate().isEmpty()) {
            return;
        }
        Map<String, @Nullable Object> values = new LinkedHashMap<>();
        for (String key : settings.getPreEvaluate()) {
            // Offered, not used: peek records no experiment exposure and leaves the memo alone.
            values.put(key, peek == null ? memo.evaluate(key).value() : peek.peek(key, context));
        }
        exchange.getAttributes().put(settings.getPreEvaluatedAttribute(), Collections.unmodifiableMap(values));
    }

    EvaluationContext context(ServerWebExchange exchange, @Nullable Principal principal) {
        ServerHttpRequest request = exchange.getRequest();
        EvaluationContext.Builder context = EvaluationContext.builder();
        String targetingKey = principal != null ? principal.getName() : null;
        if (targetingKey == null && settings.getTargetingKeyHeader() != null) {
            targetingKey = blankToNull(request.getHeaders().getFirst(settings.getTargetingKeyHeader()));
        }
        if (targetingKey != null) {
            context.attribute(EvaluationContext.USER, targetingKey);
        } else {
            targetingKey = anonymousId(exchange);
        }
        context.targetingKey(targetingKey);
        if (principal == null && settings.getGroupsHeader() != null) {
            String groups = request.getHeaders().getFirst(settings.getGroupsHeader());
            if (groups != null) {
                for (String group : groups.split(",")) {
                    if (!group.isBlank()) {
                        context.group(group.strip());
                    }
                }
            }
        }
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            context.attribute("ip", remote.getAddress().getHostAddress());
        }
        context.attribute("userAgent", request.getHeaders().getFirst("User-Agent"));
        List<Locale.LanguageRange> languages = request.getHeaders().getAcceptLanguage();
        context.attribute(
                "locale",
                languages.isEmpty()
                        ? Locale.getDefault().toLanguageTag()
                        : Locale.forLanguageTag(languages.get(0).getRange()).toLanguageTag());
        for (String header : settings.getHeaders()) {
            context.attribute(
                    header.toLowerCase(Locale.ROOT), request.getHeaders().getFirst(header));
        }
        for (String name : settings.getCookies()) {
            context.attribute(name, cookie(request, name));
        }
        for (String name : settings.getQueryParameters()) {
            context.attribute(name, request.getQueryParams().getFirst(name));
        }
        for (ReactiveFlagContextCustomizer customizer : customizers) {
            customizer.customize(context, exchange, principal);
        }
        return context.build();
    }

    private String anonymousId(ServerWebExchange exchange) {
        String name = settings.getAnonymousCookie();
        String id = name.isEmpty() ? null : cookie(exchange.getRequest(), name);
        if (id == null) {
            id = UUID.randomUUID().toString();
            if (!name.isEmpty()) {
                exchange.getResponse()
                        .addCookie(ResponseCookie.from(name, id)
                                .path("/")
                                .httpOnly(true)
                                .maxAge(settings.getAnonymousCookieMaxAge())
                                .build());
            }
        }
        return id;
    }

    private static @Nullable String cookie(ServerHttpRequest request, String name) {
        HttpCookie cookie = request.getCookies().getFirst(name);
        return cookie == null ? null : blankToNull(cookie.getValue());
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Puts the exchange's authenticated caller in the Reactor context, beside the memo, where
     * Micrometer's context propagation finds it and restores it on the threads that run the
     * exchange's steps, as it does the memo; contributed only with Spring Security, so that the
     * filter names none of its types.
     */
    @FunctionalInterface
    interface Caller {

        Context carry(Context context, Principal principal);
    }

    /**
     * Evaluates a flag's value without recording an experiment exposure or filling the memo;
     * contributed only with flags-experiments, so that the filter names none of its types.
     */
    @FunctionalInterface
    interface Peek {

        @Nullable
        Object peek(String flagKey, EvaluationContext context);
    }
}
