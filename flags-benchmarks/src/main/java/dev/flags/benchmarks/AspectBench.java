package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
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

/**
 * The {@code @FeatureToggle} path: a Spring bean method behind the starter's advisor, compared with
 * the same method behind a trivial {@code @Around} aspect that calls {@link FlagManager} itself
 * (Spring AOP's own cost), and with no proxy at all. Both evaluate W1 for the current context, as
 * {@code @FeatureToggle} does.
 */
@State(Scope.Thread)
public class AspectBench extends Bench {

    /** Marks methods for the trivial aspect. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Trivial {}

    /** The trivial aspect: ask the manager, proceed if on. */
    @Aspect
    public static class TrivialAspect {
        private final FlagManager flags;

        public TrivialAspect(FlagManager flags) {
            this.flags = flags;
        }

        @Around("@annotation(dev.flags.benchmarks.AspectBench.Trivial)")
        public Object around(ProceedingJoinPoint call) throws Throwable {
            return flags.isEnabled(Workloads.W1) ? call.proceed() : null;
        }
    }

    /** The bean with the method behind @FeatureToggle. */
    public static class ToggledService {
        @FeatureToggle(Workloads.W1)
        public int work(int x) {
            return x + 1;
        }
    }

    /** The same method behind the trivial aspect. */
    public static class TrivialService {
        @Trivial
        public int work(int x) {
            return x + 1;
        }
    }

    /** The same method without any proxy. */
    public static class PlainService {
        public int work(int x) {
            return x + 1;
        }
    }

    /** The application: the starter's auto-configuration plus the three beans. */
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
        TrivialAspect trivialAspect(FlagManager flags) {
            return new TrivialAspect(flags);
        }

        @Bean
        ToggledService toggledService() {
            return new ToggledService();
        }

        @Bean
        TrivialService trivialService() {
            return new TrivialService();
        }

        @Bean
        PlainService plainService() {
            return new PlainService();
        }
    }

    private ConfigurableApplicationContext context;
    private ToggledService toggled;
    private TrivialService trivial;
    private PlainService plain;
    private int next;

    @Setup
    public void setUp() {
        context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run();
        toggled = context.getBean(ToggledService.class);
        trivial = context.getBean(TrivialService.class);
        plain = context.getBean(PlainService.class);
        if (toggled.getClass() == ToggledService.class || trivial.getClass() == TrivialService.class) {
            throw new IllegalStateException(
                    "expected proxies, got " + toggled.getClass() + " and " + trivial.getClass());
        }
        if (plain.getClass() != PlainService.class) {
            throw new IllegalStateException("expected no proxy, got " + plain.getClass());
        }
    }

    @TearDown
    public void tearDown() {
        context.close();
    }

    @Benchmark
    public int featureToggle() {
        return toggled.work(next++);
    }

    @Benchmark
    public int trivialAspect() {
        return trivial.work(next++);
    }

    @Benchmark
    public int noProxy() {
        return plain.work(next++);
    }
}
