package dev.flags.autoconfigure.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;

import dev.flags.EvaluationContext;
import dev.flags.FlagManager;
import dev.flags.autoconfigure.PricingExperiment;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API's experiment results over HTTP, on Spring MVC (Tomcat) here and on WebFlux (Netty)
 * in {@link ReactiveExperimentResultsHttpTests}, which runs every case of this class: HTTP Basic
 * users mapped by {@code flags.admin.permissions}, the pricing experiment, a flag that is not one,
 * and the JDBC sink on H2 for {@code ?source=database}. Statuses, JSON values and the Problem
 * Details of each refusal are the same on both stacks.
 */
@SpringBootTest(
        classes = ExperimentResultsHttpTests.ServletApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.banner-mode=off",
            "flags.store.type=memory",
            "flags.experiments.jdbc.enabled=true",
            "flags.admin.permissions.ROLE_VIEWER=read",
            "flags.definitions.checkout.default-variant=on"
        })
@Import(ExperimentResultsHttpTests.Database.class)
class ExperimentResultsHttpTests {

    static final String API = "/flags-admin/api/experiments";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    Database database;

    @DynamicPropertySource
    static void pricingExperiment(DynamicPropertyRegistry registry) {
        for (String property : PricingExperiment.PROPERTIES) {
            int equals = property.indexOf('=');
            registry.add(property.substring(0, equals), () -> property.substring(equals + 1));
        }
    }

    WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    WebTestClient.ResponseSpec get(String path, String user) {
        return client().get()
                .uri(API + path)
                .headers(headers -> headers.setBasicAuth(user, "secret"))
                .exchange();
    }

    @Test
    void nobodyAuthenticatedIsA401Problem() {
        for (String path : new String[] {"", "/pricing"}) {
            client().get()
                    .uri(API + path)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Not authenticated")
                    .jsonPath("$.status")
                    .isEqualTo(401);
        }
    }

    @Test
    void listsTheExperimentsTheCallerMayRead() {
        get("", "vera")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].flag")
                .isEqualTo("pricing")
                .jsonPath("$[0].controlVariant")
                .isEqualTo("standard");
        get("", "mallory").expectStatus().isOk().expectBody().json("[]");
    }

    @Test
    void showsOneExperimentsResultsAsTheActuatorDoes() {
        get("/pricing", "vera")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.flag")
                .isEqualTo("pricing")
                .jsonPath("$.hypothesis")
                .isEqualTo("A discount sells more")
                .jsonPath("$.status")
                .isEqualTo("RUNNING")
                .jsonPath("$.variants[*].variant")
                .isEqualTo(List.of("standard", "discount"))
                .jsonPath("$.variants[0].control")
                .isEqualTo(true);
    }

    @Test
    void aCallerWithoutReadIsA403ProblemNamingThePermission() {
        get("/pricing", "mallory")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Access denied")
                .jsonPath("$.permission")
                .isEqualTo("READ");
    }

    @Test
    void anUnknownFlagAndAFlagThatIsNoExperimentAre404Problems() {
        assertNotFound("/nope", "Flag 'nope' does not exist");
        assertNotFound("/checkout", "Flag 'checkout' is not an experiment");
    }

    private void assertNotFound(String path, String detail) {
        get(path, "vera")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Not found")
                .jsonPath("$.detail")
                .isEqualTo(detail);
    }

    @Test
    void anUnknownSourceIsA400ProblemNamingTheParameter() {
        for (String path : new String[] {"?source=bogus", "/pricing?source=bogus"}) {
            get(path, "vera")
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(400)
                    .jsonPath("$.errors[0].path")
                    .isEqualTo("source")
                    .jsonPath("$.errors[0].message")
                    .isEqualTo("must be 'process' or 'database', not 'bogus'");
        }
    }

    @Test
    void theDatabaseSourceReadsTheJdbcSinksTable() {
        long before = trackedUsers("/pricing");
        expose("db-reader-" + UUID.randomUUID());
        assertThat(trackedUsers("/pricing")).as("this process").isEqualTo(before + 1);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(trackedUsers("/pricing?source=database"))
                        .as("the table")
                        .isEqualTo(before + 1));
        get("?source=database", "vera")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.length()")
                .isEqualTo(1)
                .jsonPath("$[0].flag")
                .isEqualTo("pricing")
                .jsonPath("$[0].trackedUsers")
                .isEqualTo((int) (before + 1));
        assertThat(database.threads())
                .as("threads that opened a connection")
                .isNotEmpty()
                .noneMatch(thread -> thread.startsWith("reactor-http"));
    }

    /** Exposes a user to the pricing experiment, through the application's own FlagManager. */
    void expose(String user) {
        context.getBean(FlagManager.class).getString("pricing", "standard", EvaluationContext.of(user));
    }

    long trackedUsers(String path) {
        String body = get(path, "vera")
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JsonNode tracked = JSON.readTree(body).get("trackedUsers");
        assertThat(tracked).as("trackedUsers of " + path).isNotNull();
        return tracked.asLong();
    }

    /** The JDBC sink's H2 database, noting the threads that open connections to it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Database {

        private final Queue<String> threads = new ConcurrentLinkedQueue<>();

        @Bean
        DataSource experimentsDataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:experiment-results-" + System.identityHashCode(this) + ";DB_CLOSE_DELAY=-1");
            return new DelegatingDataSource(h2) {
                @Override
                public Connection getConnection() throws SQLException {
                    threads.add(Thread.currentThread().getName());
                    return super.getConnection();
                }
            };
        }

        /** Every thread that opened a connection, in order (the sink's and the requests'). */
        List<String> threads() {
            return List.copyOf(threads);
        }

        void forget() {
            threads.clear();
        }
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ServletApplication {

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .httpBasic(withDefaults())
                    .csrf(csrf -> csrf.disable());
            return http.build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("vera")
                            .password("{noop}secret")
                            .roles("VIEWER")
                            .build(),
                    User.withUsername("mallory")
                            .password("{noop}secret")
                            .roles("NOBODY")
                            .build());
        }
    }
}
