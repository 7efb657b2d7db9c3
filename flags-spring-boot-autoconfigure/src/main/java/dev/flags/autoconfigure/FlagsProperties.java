package dev.flags.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of flags, under {@code flags.*}. Read once at startup and turned into the core's
 * immutable types; the engine never sees this bean.
 */
@ConfigurationProperties("flags")
public class FlagsProperties {

    /** Whether to auto-configure flags at all. */
    private boolean enabled = true;

    /**
     * Flags defined inline, by key, in the definitions format (type, variants, default-variant,
     * rules, ...). With YAML 1.1, quote the variant names "on" and "off"; unquoted they become
     * true and false, which are read back as on and off for boolean flags without other variants.
     */
    private Map<String, Object> definitions = new LinkedHashMap<>();

    /** Segments defined inline, by key, in the definitions format (included, excluded, rules). */
    private Map<String, Object> segments = new LinkedHashMap<>();

    /**
     * Definition files to load besides the inline ones, as "classpath:" or "file:" locations (no
     * prefix means a file). Files are watched and reloaded on change.
     */
    private List<String> sources = new ArrayList<>();

    /** Whether to watch file sources and apply valid changes while running. */
    private boolean watch = true;

    /**
     * Environment evaluations happen in, for flags restricted to some environments. Defaults to
     * the first active profile.
     */
    private @Nullable String environment;

    /** What to do when an annotation names a flag that is not defined. */
    private UnknownFlagPolicy unknownFlags = UnknownFlagPolicy.FAIL;

    private final Aspects aspects = new Aspects();

    private final RequestContext requestContext = new RequestContext();

    private final Metrics metrics = new Metrics();

    private final OpenFeature openfeature = new OpenFeature();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, Object> getDefinitions() {
        return definitions;
    }

    public void setDefinitions(Map<String, Object> definitions) {
        this.definitions = definitions;
    }

    public Map<String, Object> getSegments() {
        return segments;
    }

    public void setSegments(Map<String, Object> segments) {
        this.segments = segments;
    }

    public List<String> getSources() {
        return sources;
    }

    public void setSources(List<String> sources) {
        this.sources = sources;
    }

    public boolean isWatch() {
        return watch;
    }

    public void setWatch(boolean watch) {
        this.watch = watch;
    }

    public @Nullable String getEnvironment() {
        return environment;
    }

    public void setEnvironment(@Nullable String environment) {
        this.environment = environment;
    }

    public UnknownFlagPolicy getUnknownFlags() {
        return unknownFlags;
    }

    public void setUnknownFlags(UnknownFlagPolicy unknownFlags) {
        this.unknownFlags = unknownFlags;
    }

    public Aspects getAspects() {
        return aspects;
    }

    public RequestContext getRequestContext() {
        return requestContext;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public OpenFeature getOpenfeature() {
        return openfeature;
    }

    /** OpenFeature integration. */
    public static final class OpenFeature {

        /**
         * Whether to register the flags with OpenFeature (or run over the application's own
         * FeatureProvider bean) and provide an OpenFeature Client bean.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** What startup validation does with an annotation naming an undefined flag. */
    public enum UnknownFlagPolicy {
        /** Fail startup, naming the method. */
        FAIL,
        /** Log a warning naming the method; at run time the flag evaluates as off. */
        WARN
    }

    /** The {@code @FeatureToggle} and {@code @Variant} aspects. */
    public static final class Aspects {

        /** Whether to apply @FeatureToggle and @Variant to beans. */
        private boolean enabled = true;

        /**
         * Order of the flag aspects among other advice. The default, 0, runs them outside
         * transactions and retries (lowest precedence) so a disabled feature opens no transaction
         * and consumes no retry.
         */
        private int order = 0;

        /** HTTP status a web handler answers while its @FeatureToggle flag is off and it has no fallback. */
        private int disabledStatus = 404;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public int getDisabledStatus() {
            return disabledStatus;
        }

        public void setDisabledStatus(int disabledStatus) {
            this.disabledStatus = disabledStatus;
        }
    }

    /** How each web request's evaluation context is built. */
    public static final class RequestContext {

        /** Whether to build an evaluation context for each servlet request. */
        private boolean enabled = true;

        /** Header holding the targeting key when no principal is authenticated. */
        private @Nullable String targetingKeyHeader = "X-User-Id";

        /** Header holding the caller's groups, comma separated, when no principal is authenticated. */
        private @Nullable String groupsHeader = "X-User-Groups";

        /**
         * Cookie keeping a stable random id for anonymous users, so they keep their bucket across
         * requests; empty to not set one.
         */
        private String anonymousCookie = "flags-anonymous-id";

        /** How long the anonymous id cookie lives. */
        private Duration anonymousCookieMaxAge = Duration.ofDays(365);

        /**
         * Request headers copied into attributes, by header name; the attribute is the header name in
         * lower case.
         */
        private List<String> headers = new ArrayList<>();

        /** Cookies copied into attributes, by cookie name. */
        private List<String> cookies = new ArrayList<>();

        /** Query parameters copied into attributes, by parameter name. */
        private List<String> queryParameters = new ArrayList<>();

        /** Flags evaluated at the start of every request into a request attribute, for views. */
        private List<String> preEvaluate = new ArrayList<>();

        /** Request attribute holding the pre-evaluated flags, a map of flag key to value. */
        private String preEvaluatedAttribute = "flags";

        /**
         * Order of the filter that builds the context; the default runs right after Spring
         * Security's filter chain (-100) so the principal is known.
         */
        private int filterOrder = -90;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getTargetingKeyHeader() {
            return targetingKeyHeader;
        }

        public void setTargetingKeyHeader(@Nullable String targetingKeyHeader) {
            this.targetingKeyHeader = targetingKeyHeader;
        }

        public @Nullable String getGroupsHeader() {
            return groupsHeader;
        }

        public void setGroupsHeader(@Nullable String groupsHeader) {
            this.groupsHeader = groupsHeader;
        }

        public String getAnonymousCookie() {
            return anonymousCookie;
        }

        public void setAnonymousCookie(String anonymousCookie) {
            this.anonymousCookie = anonymousCookie;
        }

        public Duration getAnonymousCookieMaxAge() {
            return anonymousCookieMaxAge;
        }

        public void setAnonymousCookieMaxAge(Duration anonymousCookieMaxAge) {
            this.anonymousCookieMaxAge = anonymousCookieMaxAge;
        }

        public List<String> getHeaders() {
            return headers;
        }

        public void setHeaders(List<String> headers) {
            this.headers = headers;
        }

        public List<String> getCookies() {
            return cookies;
        }

        public void setCookies(List<String> cookies) {
            this.cookies = cookies;
        }

        public List<String> getQueryParameters() {
            return queryParameters;
        }

        public void setQueryParameters(List<String> queryParameters) {
            this.queryParameters = queryParameters;
        }

        public List<String> getPreEvaluate() {
            return preEvaluate;
        }

        public void setPreEvaluate(List<String> preEvaluate) {
            this.preEvaluate = preEvaluate;
        }

        public String getPreEvaluatedAttribute() {
            return preEvaluatedAttribute;
        }

        public void setPreEvaluatedAttribute(String preEvaluatedAttribute) {
            this.preEvaluatedAttribute = preEvaluatedAttribute;
        }

        public int getFilterOrder() {
            return filterOrder;
        }

        public void setFilterOrder(int filterOrder) {
            this.filterOrder = filterOrder;
        }
    }

    /** Micrometer metrics. */
    public static final class Metrics {

        /** Whether to count evaluations and publish flag and reload gauges. */
        private boolean enabled = true;

        /** Whether to time evaluations (flags.evaluation.duration). */
        private boolean latency = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isLatency() {
            return latency;
        }

        public void setLatency(boolean latency) {
            this.latency = latency;
        }
    }
}
