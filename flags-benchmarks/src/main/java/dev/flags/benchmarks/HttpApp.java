package dev.flags.benchmarks;

import dev.flags.FlagManager;
import dev.flags.annotation.FeatureToggle;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web application {@code run-http.sh} measures with {@code wrk}: one Spring MVC endpoint with
 * the starter's request filter (context, memo), Micrometer metrics and a {@code @FeatureToggle}
 * on W1, and the same endpoint without the annotation. The script starts it twice, once as it is and
 * once with {@code flags.request-context.enabled=false}, and loads {@code /toggled} on the first,
 * {@code /plain} on the second. Definitions are read from YAML, as in {@link FlagsBench}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration // no component scan: this package holds the benchmarks' other applications
public class HttpApp {

    /** Starts the application; arguments are Spring Boot's ({@code --server.port=...}). */
    public static void main(String[] args) {
        SpringApplication.run(HttpApp.class, args);
    }

    @Bean
    FlagManager flagManager() {
        return FlagManager.builder().definitions(Workloads.main()).watch(false).build();
    }

    /**
     * The two endpoints: the same answer, with and without the flag in front. A member class of the
     * configuration, so registered without a component scan.
     */
    @RestController
    public static class Endpoints {

        /** Behind {@code @FeatureToggle}: the flag is on for everyone, so this always answers. */
        @GetMapping("/toggled")
        @FeatureToggle(Workloads.W1)
        public String toggled() {
            return "ok";
        }

        /** The same endpoint without the flag. */
        @GetMapping("/plain")
        public String plain() {
            return "ok";
        }
    }
}
