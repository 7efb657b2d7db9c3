package dev.flags.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
     * prefix means a file). Files are watched and reloaded on change. A location prefixed "flagd:"
     * or ending in ".flagd.json" is read in flagd's format (requires flags-flagd).
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

    private final Tracing tracing = new Tracing();

    private final OpenFeature openfeature = new OpenFeature();

    private final Experiments experiments = new Experiments();

    private final Store store = new Store();

    private final Admin admin = new Admin();

    private final Ofrep ofrep = new Ofrep();

    public Ofrep getOfrep() {
        return ofrep;
    }

    private final Console console = new Console();

    public Store getStore() {
        return store;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Console getConsole() {
        return console;
    }

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

    public Tracing getTracing() {
        return tracing;
    }

    public OpenFeature getOpenfeature() {
        return openfeature;
    }

    public Experiments getExperiments() {
        return experiments;
    }

    /** The web console, served where the admin API is. */
    public static final class Console {

        /** Whether to serve the web console (with flags-console, and only where the admin API is on). */
        private boolean enabled = true;

        /** Path the console is served at; its pages call the admin API at flags.admin.base-path. */
        private String path = "/flags-console";

        /**
         * Path of the application's logout endpoint (Spring Security's is /logout), under the context
         * path; the console's sign-out form posts there with the CSRF token. Empty for no sign-out control.
         */
        private String logoutPath = "/logout";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getLogoutPath() {
            return logoutPath;
        }

        public void setLogoutPath(String logoutPath) {
            this.logoutPath = logoutPath;
        }
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

    /** The OFREP server: the flags, evaluated over HTTP for OpenFeature clients in any language. */
    public static final class Ofrep {

        /**
         * Whether to serve the OpenFeature Remote Evaluation Protocol (POST
         * {base-path}/v1/evaluate/flags and {base-path}/v1/evaluate/flags/{key}) in a servlet web
         * application.
         */
        private boolean enabled = false;

        /**
         * Path the protocol's /v1/... endpoints are served under. OFREP providers append
         * /ofrep/v1/... to their base URL, so keep the last segment /ofrep.
         */
        private String basePath = "/ofrep";

        private final RateLimit rateLimit = new RateLimit();

        private final Sse sse = new Sse();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        public RateLimit getRateLimit() {
            return rateLimit;
        }

        public Sse getSse() {
            return sse;
        }

        /** Requests per client, answered with 429 and Retry-After beyond the limit. */
        public static final class RateLimit {

            /**
             * Requests each client (the authenticated principal, else the remote address) may make
             * per period; 0 for no limit.
             */
            private int requests = 0;

            /** Window the request limit applies to. */
            private Duration period = Duration.ofSeconds(1);

            public int getRequests() {
                return requests;
            }

            public void setRequests(int requests) {
                this.requests = requests;
            }

            public Duration getPeriod() {
                return period;
            }

            public void setPeriod(Duration period) {
                this.period = period;
            }
        }

        /** Server-sent change notifications (OFREP ADR-0008, a proposal). */
        public static final class Sse {

            /**
             * Whether to serve GET {base-path}/v1/events, a stream of refetchEvaluation events sent
             * when flag definitions change, and announce it in bulk answers.
             */
            private boolean enabled = false;

            /** Interval of comment lines that keep idle streams open through proxies. */
            private Duration heartbeat = Duration.ofSeconds(30);

            /** How long a stream stays open before the server ends it; clients reconnect. */
            private Duration timeout = Duration.ofMinutes(30);

            /** Most streams open at once; beyond it a new one is refused with 503 and Retry-After. */
            private int maxConnections = 1000;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public Duration getHeartbeat() {
                return heartbeat;
            }

            public void setHeartbeat(Duration heartbeat) {
                this.heartbeat = heartbeat;
            }

            public Duration getTimeout() {
                return timeout;
            }

            public void setTimeout(Duration timeout) {
                this.timeout = timeout;
            }

            public int getMaxConnections() {
                return maxConnections;
            }

            public void setMaxConnections(int maxConnections) {
                this.maxConnections = maxConnections;
            }
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

    /** Micrometer Tracing. */
    public static final class Tracing {

        /**
         * Whether to record each evaluation in a traced request on the current span (a
         * feature_flag.evaluation event with the OpenTelemetry feature_flag attributes).
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Experiments: exposures, conversions, sinks and results. */
    public static final class Experiments {

        /** Whether to record exposures and conversions of flags marked as experiments. */
        private boolean enabled = true;

        /** How long an exposure of a user to a flag's variant is not passed to the sinks again. */
        private Duration deduplicationWindow = Duration.ofHours(24);

        /** Slots of the exposure deduplication table (fixed memory whatever the number of users). */
        private int deduplicationCapacity = 65_536;

        /** Users tracked per experiment for in-process results; later users are not admitted. */
        private int maxUsersPerExperiment = 100_000;

        /** Events waiting for the sinks; when full, events are dropped and counted. */
        private int queueCapacity = 10_000;

        /** How long shutdown waits for the sinks to drain the queue. */
        private Duration drainTimeout = Duration.ofSeconds(5);

        /** Spring application events sink. */
        private final Events events = new Events();

        /** Structured JSON-lines log sink (logger dev.flags.experiments). */
        private final Log log = new Log();

        /** JDBC table sink through the application's DataSource. */
        private final Jdbc jdbc = new Jdbc();

        /** Micrometer counters of exposures and conversions. */
        private final ExperimentMetrics metrics = new ExperimentMetrics();

        /** Read-only results view of the admin API. */
        private final Admin admin = new Admin();

        private final Analysis analysis = new Analysis();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getDeduplicationWindow() {
            return deduplicationWindow;
        }

        public void setDeduplicationWindow(Duration deduplicationWindow) {
            this.deduplicationWindow = deduplicationWindow;
        }

        public int getDeduplicationCapacity() {
            return deduplicationCapacity;
        }

        public void setDeduplicationCapacity(int deduplicationCapacity) {
            this.deduplicationCapacity = deduplicationCapacity;
        }

        public int getMaxUsersPerExperiment() {
            return maxUsersPerExperiment;
        }

        public void setMaxUsersPerExperiment(int maxUsersPerExperiment) {
            this.maxUsersPerExperiment = maxUsersPerExperiment;
        }

        public int getQueueCapacity() {
            return queueCapacity;
        }

        public void setQueueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
        }

        public Duration getDrainTimeout() {
            return drainTimeout;
        }

        public void setDrainTimeout(Duration drainTimeout) {
            this.drainTimeout = drainTimeout;
        }

        public Events getEvents() {
            return events;
        }

        public Log getLog() {
            return log;
        }

        public Jdbc getJdbc() {
            return jdbc;
        }

        public ExperimentMetrics getMetrics() {
            return metrics;
        }

        public Analysis getAnalysis() {
            return analysis;
        }

        public Admin getAdmin() {
            return admin;
        }

        /** The Spring application events sink. */
        public static final class Events {

            /** Whether to publish exposures and conversions as Spring application events. */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** The JSON-lines log sink. */
        public static final class Log {

            /** Whether to log exposures and conversions as JSON lines (logger dev.flags.experiments). */
            private boolean enabled = false;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** The Micrometer counters. */
        public static final class ExperimentMetrics {

            /** Whether to count exposures, conversions and dropped events (flags.experiments.*). */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** How the results compare each treatment with the control on every metric. */
        public static final class Analysis {

            /**
             * Method of intervals and decisions: sequential (valid however often results are looked
             * at), fixed-horizon (read once, at a sample size decided up front) or bayesian (chance to
             * beat control and risk).
             */
            private Method method = Method.SEQUENTIAL;

            /** Significance level: intervals cover 1 - alpha. */
            private double alpha = 0.05;

            /**
             * Users (control and treatment together) at which sequential intervals are narrowest;
             * the expected sample size of a comparison at the end.
             */
            private long sequentialTuningUsers = 5_000;

            /** Multiple-comparison correction across treatments and non-guardrail metrics. */
            private Correction correction = Correction.BENJAMINI_HOCHBERG;

            /** Mean of the normal prior on the relative lift (Bayesian values of non-binomial metrics). */
            private double priorMean = 0;

            /**
             * Standard deviation of the normal prior on the relative lift; unset for a flat prior.
             */
            private @Nullable Double priorStandardDeviation;

            /**
             * How far before a user's first exposure their conversions count as their pre-exposure
             * value of each metric, the CUPED covariate when none is supplied at exposure; 0 switches
             * CUPED from the conversion history off.
             */
            private Duration cupedLookBack = Duration.ofDays(14);

            public Duration getCupedLookBack() {
                return cupedLookBack;
            }

            public void setCupedLookBack(Duration cupedLookBack) {
                this.cupedLookBack = cupedLookBack;
            }

            public Method getMethod() {
                return method;
            }

            public void setMethod(Method method) {
                this.method = method;
            }

            public double getAlpha() {
                return alpha;
            }

            public void setAlpha(double alpha) {
                this.alpha = alpha;
            }

            public long getSequentialTuningUsers() {
                return sequentialTuningUsers;
            }

            public void setSequentialTuningUsers(long sequentialTuningUsers) {
                this.sequentialTuningUsers = sequentialTuningUsers;
            }

            public Correction getCorrection() {
                return correction;
            }

            public void setCorrection(Correction correction) {
                this.correction = correction;
            }

            public double getPriorMean() {
                return priorMean;
            }

            public void setPriorMean(double priorMean) {
                this.priorMean = priorMean;
            }

            public @Nullable Double getPriorStandardDeviation() {
                return priorStandardDeviation;
            }

            public void setPriorStandardDeviation(@Nullable Double priorStandardDeviation) {
                this.priorStandardDeviation = priorStandardDeviation;
            }

            /** Methods of comparison. */
            public enum Method {
                /** Always-valid confidence sequences. */
                SEQUENTIAL,
                /** Welch's t-test, read once. */
                FIXED_HORIZON,
                /** Chance to beat control and risk. */
                BAYESIAN
            }

            /** Multiple-comparison corrections. */
            public enum Correction {
                /** False discovery rate. */
                BENJAMINI_HOCHBERG,
                /** Family-wise error rate. */
                HOLM,
                /** None. */
                NONE
            }
        }

        /** The admin API results view. */
        public static final class Admin {

            /** Whether to serve read-only results under the admin API base path (flags.admin.base-path). */
            private boolean enabled = true;

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }
        }

        /** The JDBC sink. */
        public static final class Jdbc {

            /** Whether to write experiment events to a table of the application's DataSource. */
            private boolean enabled;

            /** Table the events are written to (created if missing) and results are read from. */
            private String table = "flags_experiment_events";

            public boolean isEnabled() {
                return enabled;
            }

            public void setEnabled(boolean enabled) {
                this.enabled = enabled;
            }

            public String getTable() {
                return table;
            }

            public void setTable(String table) {
                this.table = table;
            }
        }
    }

    /** Durable, writable store of definitions behind the admin API. */
    public static final class Store {

        /**
         * Where definitions live at run time: none (files and properties only, read-only), memory
         * (writable, lost on restart) or jdbc (the application's DataSource).
         */
        private StoreType type = StoreType.NONE;

        /**
         * How definitions from flags.definitions and flags.sources seed the store at startup:
         * import-missing keeps what the store has, files-authoritative overwrites what differs
         * (each overwrite audited).
         */
        // A string, converted where flags-admin is present: this class is always loaded, SeedMode may be missing.
        private String seedMode = "import-missing";

        /** Prefix of the JDBC store's table names. */
        private String tablePrefix = "flags_";

        /**
         * How often a JDBC store's change log is polled for other instances' writes (with 20%
         * jitter); 0 for no polling, when this instance is the only writer.
         */
        private Duration followInterval = Duration.ofSeconds(1);

        /**
         * File where each applied snapshot of a JDBC store is kept (written, then renamed), and
         * served at startup while the store cannot be reached (flags.store.startup=backup). None by
         * default.
         */
        private @Nullable Path backupFile;

        /**
         * What an instance serves when its JDBC store cannot be read at startup: backup (the
         * backup file's snapshot, failing without one), files (the definitions of
         * flags.definitions and flags.sources) or fail (startup fails naming the store and the
         * cause). Each then follows the store once it answers.
         */
        private StoreStartup startup = StoreStartup.BACKUP;

        /**
         * Whether a JDBC store on PostgreSQL sends NOTIFY inside each write's transaction and keeps
         * one connection that LISTENs, so that every instance applies a change as soon as it is
         * committed rather than at its next poll (polling goes on as the safety net). Turn off
         * behind PgBouncer in transaction pooling mode, where LISTEN does not work. Ignored on other
         * databases.
         */
        private boolean notify = true;

        /**
         * Id under which this instance reports to the fleet listing of a JDBC store (the flags
         * Actuator endpoint): unique among the instances sharing the store, and best stable across
         * restarts. By default spring.application.name (or "flags"), "@", the host name (HOSTNAME,
         * the pod name on Kubernetes) and, when server.port is set, ":" and the port.
         */
        private @Nullable String instanceId;

        /**
         * How long an instance may go without reporting before the fleet listing counts it as
         * gone: no longer listed, and its report deleted. One that has not reported for three poll
         * intervals (at least 2s) is listed as silent before that.
         */
        private Duration instanceExpiry = Duration.ofMinutes(5);

        private final Redis redis = new Redis();

        public StoreType getType() {
            return type;
        }

        public void setType(StoreType type) {
            this.type = type;
        }

        public String getSeedMode() {
            return seedMode;
        }

        public void setSeedMode(String seedMode) {
            this.seedMode = seedMode;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public Duration getFollowInterval() {
            return followInterval;
        }

        public void setFollowInterval(Duration followInterval) {
            this.followInterval = followInterval;
        }

        public @Nullable Path getBackupFile() {
            return backupFile;
        }

        public void setBackupFile(@Nullable Path backupFile) {
            this.backupFile = backupFile;
        }

        public StoreStartup getStartup() {
            return startup;
        }

        public boolean isNotify() {
            return notify;
        }

        public Redis getRedis() {
            return redis;
        }

        public void setNotify(boolean notify) {
            this.notify = notify;
        }

        public void setStartup(StoreStartup startup) {
            this.startup = startup;
        }

        public @Nullable String getInstanceId() {
            return instanceId;
        }

        public void setInstanceId(@Nullable String instanceId) {
            this.instanceId = instanceId;
        }

        public Duration getInstanceExpiry() {
            return instanceExpiry;
        }

        public void setInstanceExpiry(Duration instanceExpiry) {
            this.instanceExpiry = instanceExpiry;
        }
    }

    /** Redis pub/sub wake-ups between the instances that share a JDBC store (flags-redis). */
    public static final class Redis {

        /**
         * Redis server that carries the wake-ups, for example redis://127.0.0.1:6379 (with
         * rediss:// for TLS and redis://user:password@host for credentials). None by default: no
         * Redis push.
         */
        private @Nullable String url;

        /**
         * Pub/sub channel that every instance of the fleet uses; by default the table prefix
         * followed by "changes".
         */
        private @Nullable String channel;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public @Nullable String getChannel() {
            return channel;
        }

        public void setChannel(@Nullable String channel) {
            this.channel = channel;
        }
    }

    /** What an instance serves when its store cannot be read at startup. */
    public enum StoreStartup {
        /** The backup file's snapshot; startup fails when there is none. */
        BACKUP,
        /** The definitions of flags.definitions and flags.sources, until the store answers. */
        FILES,
        /** Nothing: startup fails with a message naming the store and the cause. */
        FAIL
    }

    /** Kinds of store. */
    public enum StoreType {
        /** No store: flags come from files and properties only. */
        NONE,
        /** An in-memory store, lost on restart. */
        MEMORY,
        /** A JDBC store over the application's DataSource; its schema is created or migrated. */
        JDBC
    }

    /** Admin REST API, permissions and lifecycle over the store. */
    public static final class Admin {

        /** Whether to expose the admin REST API when a store is configured. */
        private boolean enabled = true;

        /**
         * Whether to expose the admin API without Spring Security, letting every caller do
         * everything. Logs a warning at startup; for local experiments only.
         */
        private boolean open = false;

        /**
         * Tag marking sensitive flags: evaluating one requires the READ permission (mapped from the
         * caller's Spring Security authorities by flags.admin.permissions, within its scopes).
         * Flags without the tag are never permission-checked. Empty for no check.
         */
        private @Nullable String sensitiveTag;

        /** Base path of the admin REST API. */
        private String basePath = "/flags-admin/api";

        /** Largest request body the admin REST API reads; a larger one is refused with 413. */
        private DataSize maxRequestSize = DataSize.ofMegabytes(1);

        /**
         * Permissions granted per Spring Security authority (read, write, delete, admin), for example
         * ROLE_EDITOR=READ,WRITE. In YAML, write keys with underscores in brackets: "[ROLE_EDITOR]".
         */
        // Strings, converted where flags-admin is present: this class is always loaded, Permission may be missing.
        private Map<String, List<String>> permissions = new LinkedHashMap<>();

        /**
         * Scope per authority: holders may only touch flags with one of these owners or tags. An
         * authority without a scope is unrestricted.
         */
        private Map<String, Scope> scopes = new LinkedHashMap<>();

        /** How long an active flag may serve one variant to everyone before it is reported stale. */
        private Duration singleVariantAfter = Duration.ofDays(30);

        /** How long a flag may go unevaluated before it is reported stale. */
        private Duration unevaluatedAfter = Duration.ofDays(30);

        private final Cleanup cleanup = new Cleanup();

        private final Events events = new Events();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getSensitiveTag() {
            return sensitiveTag;
        }

        public void setSensitiveTag(@Nullable String sensitiveTag) {
            this.sensitiveTag = sensitiveTag;
        }

        public boolean isOpen() {
            return open;
        }

        public void setOpen(boolean open) {
            this.open = open;
        }

        public String getBasePath() {
            return basePath;
        }

        public DataSize getMaxRequestSize() {
            return maxRequestSize;
        }

        public void setMaxRequestSize(DataSize maxRequestSize) {
            this.maxRequestSize = maxRequestSize;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        public Map<String, List<String>> getPermissions() {
            return permissions;
        }

        public void setPermissions(Map<String, List<String>> permissions) {
            this.permissions = permissions;
        }

        public Map<String, Scope> getScopes() {
            return scopes;
        }

        public void setScopes(Map<String, Scope> scopes) {
            this.scopes = scopes;
        }

        public Duration getSingleVariantAfter() {
            return singleVariantAfter;
        }

        public void setSingleVariantAfter(Duration singleVariantAfter) {
            this.singleVariantAfter = singleVariantAfter;
        }

        public Duration getUnevaluatedAfter() {
            return unevaluatedAfter;
        }

        public void setUnevaluatedAfter(Duration unevaluatedAfter) {
            this.unevaluatedAfter = unevaluatedAfter;
        }

        public Cleanup getCleanup() {
            return cleanup;
        }

        public Events getEvents() {
            return events;
        }

        /** The admin API's change stream, GET {base-path}/events (server-sent events), which the console listens to. */
        public static final class Events {

            /** Interval of comment lines that keep idle streams open through proxies and find clients that left. */
            private Duration heartbeat = Duration.ofSeconds(20);

            /** How long a stream stays open before the server ends it; browsers reconnect by themselves. */
            private Duration maxLifetime = Duration.ofMinutes(30);

            /** Most streams open at once on this instance; beyond it a new one is refused with 503 and Retry-After. */
            private int maxStreams = 200;

            public Duration getHeartbeat() {
                return heartbeat;
            }

            public void setHeartbeat(Duration heartbeat) {
                this.heartbeat = heartbeat;
            }

            public Duration getMaxLifetime() {
                return maxLifetime;
            }

            public void setMaxLifetime(Duration maxLifetime) {
                this.maxLifetime = maxLifetime;
            }

            public int getMaxStreams() {
                return maxStreams;
            }

            public void setMaxStreams(int maxStreams) {
                this.maxStreams = maxStreams;
            }
        }
    }

    /** Owners and tags an authority is restricted to. */
    public static final class Scope {

        /** Owners whose flags holders may touch. */
        private List<String> owners = new ArrayList<>();

        /** Tags of flags holders may touch. */
        private List<String> tags = new ArrayList<>();

        public List<String> getOwners() {
            return owners;
        }

        public void setOwners(List<String> owners) {
            this.owners = owners;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }
    }

    /** Scheduled deletion of long-archived flags. */
    public static final class Cleanup {

        /** Whether to delete flags archived longer than the retention on a schedule. */
        private boolean enabled = true;

        /** How long a flag stays archived before the cleanup deletes it. */
        private Duration retention = Duration.ofDays(90);

        /** Time between cleanup runs, unless a cron expression is set. */
        private Duration interval = Duration.ofDays(1);

        /** Cron expression for cleanup runs; overrides the interval. */
        private @Nullable String cron;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public @Nullable String getCron() {
            return cron;
        }

        public void setCron(@Nullable String cron) {
            this.cron = cron;
        }
    }
}
