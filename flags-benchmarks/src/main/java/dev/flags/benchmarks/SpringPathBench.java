package dev.flags.benchmarks;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.FlagMemo;
import dev.flags.annotation.FeatureToggle;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The Spring path with Micrometer metrics on (the starter's meter binder, latency timer included,
 * on a {@link SimpleMeterRegistry}): {@link FlagManager} called directly for W2 and W3, and a
 * {@code @FeatureToggle} method on W1 outside a request (the hooks run on every call) and inside
 * one, where the request filter's memo answers. Definitions are read from YAML, as in
 * {@link FlagsBench}. The evaluation rows must allocate nothing per call; the {@code @FeatureToggle}
 * rows allocate what Spring AOP's method invocation costs, as {@link AspectBench}'s do.
 */
@State(Scope.Thread)
public class SpringPathBench extends Bench {

    /** The bean with the method behind @FeatureToggle. */
    public static class ToggledService {
        @FeatureToggle(Workloads.W1)
        public int work(int x) {
            return x + 1;
        }
    }

    /** The application: the starter's auto-configuration, a meter registry and the service. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableAspectJAutoProxy(proxyTargetClass = true)
    public static class App {
        @Bean
        FlagManager flagManager() {
            return FlagManager.builder()
                    .definitions(Workloads.main())
                    .watch(false)
                    .build();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ToggledService toggledService() {
            return new ToggledService();
        }
    }

    /**
     * The request scope as the request filter leaves it: the request's memo under the attribute
     * the starter's memo scope reads (the name is {@code FlagMemo}'s class name).
     */
    static final class Request implements RequestAttributes {
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();

        Request(FlagMemo memo) {
            attributes.put(FlagMemo.class.getName(), memo);
        }

        @Override
        public @Nullable Object getAttribute(String name, int scope) {
            return attributes.get(name);
        }

        @Override
        public void setAttribute(String name, Object value, int scope) {
            attributes.put(name, value);
        }

        @Override
        public void removeAttribute(String name, int scope) {
            attributes.remove(name);
        }

        @Override
        public String[] getAttributeNames(int scope) {
            return attributes.keySet().toArray(String[]::new);
        }

        @Override
        public void registerDestructionCallback(String name, Runnable callback, int scope) {}

        @Override
        public @Nullable Object resolveReference(String key) {
            return null;
        }

        @Override
        public String getSessionId() {
            return "benchmark";
        }

        @Override
        public Object getSessionMutex() {
            return this;
        }
    }

    private ConfigurableApplicationContext context;
    private FlagManager flags;
    private ToggledService toggled;
    private EvaluationContext[] users;
    private Request request;
    private int next;

    @Setup
    public void setUp() {
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run();
        flags = context.getBean(FlagManager.class);
        toggled = context.getBean(ToggledService.class);
        users = Users.flagsContexts();
        request = new Request(flags.memo(users[0]));
        MeterRegistry registry = context.getBean(MeterRegistry.class);
        // The uber-jar keeps only one AutoConfiguration.imports, the starter's, so Spring Boot's own
        // metrics auto-configuration, which binds MeterBinder beans to registries, is not in it: bind
        // the starter's binder here, as Boot would.
        context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
        flags.getBoolean(Workloads.W2, false, users[0]);
        if (registry.find("flags.evaluations").counters().isEmpty()
                || registry.find("flags.evaluation.duration").timers().isEmpty()) {
            throw new IllegalStateException("expected the starter's evaluation counter and timer to be registered");
        }
        if (toggled.getClass() == ToggledService.class) {
            throw new IllegalStateException("expected a proxy, got " + toggled.getClass());
        }
    }

    @TearDown
    public void tearDown() {
        RequestContextHolder.resetRequestAttributes();
        context.close();
    }

    private EvaluationContext user() {
        return users[next++ & Users.MASK];
    }

    @Benchmark
    public boolean w2WithMetrics() {
        return flags.getBoolean(Workloads.W2, false, user());
    }

    @Benchmark
    public String w3WithMetrics() {
        return flags.getString(Workloads.W3, "z", user());
    }

    @Benchmark
    public int featureToggleWithMetrics() {
        RequestContextHolder.resetRequestAttributes();
        return toggled.work(next++);
    }

    @Benchmark
    public int featureToggleInRequest() {
        RequestContextHolder.setRequestAttributes(request);
        return toggled.work(next++);
    }
}
