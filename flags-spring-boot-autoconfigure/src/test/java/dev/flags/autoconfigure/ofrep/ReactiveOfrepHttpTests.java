package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every case of {@link OfrepHttpTests} against the WebFlux binding on a real Netty server behind
 * the reactive API-key set-up: shapes, statuses, error codes, 401/403, the sensitive-flag guard
 * through the reactive security context, ETag and 304, 429 and the change stream, every answer
 * validated against openapi.yaml. No anonymous-id cookie is set on the OFREP paths.
 */
@SpringBootTest(
        classes = ReactiveOfrepTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.main.web-application-type=reactive",
            "flags.ofrep.enabled=true",
            "flags.ofrep.sse.enabled=true",
            "flags.ofrep.sse.heartbeat=300ms",
            "flags.ofrep.rate-limit.requests=40",
            "flags.ofrep.rate-limit.period=1m",
            "flags.admin.sensitive-tag=sensitive",
            "flags.admin.permissions.OFREP_HR=READ"
        })
@Import(OfrepHttpTests.Flags.class)
class ReactiveOfrepHttpTests extends OfrepHttpTests {

    @Autowired
    ApplicationContext context;

    @Test
    void theReactiveBindingServesNotTheServletOne() {
        assertThat(context.getBeansOfType(ReactiveOfrepController.class)).hasSize(1);
        assertThat(context.getBeansOfType(ReactiveOfrepEventsController.class)).hasSize(1);
        assertThat(context.getBeanNamesForType(OfrepController.class)).isEmpty();
    }

    @Test
    void answersAWebTestClientAsItAnswersEveryClient() {
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build()
                .post()
                .uri("/ofrep/v1/evaluate/flags/dark-mode")
                .header("X-API-Key", WEB)
                .header("Content-Type", "application/json")
                .bodyValue("{\"context\":{\"targetingKey\":\"ann\"}}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist("Set-Cookie")
                .expectBody()
                .json("{\"key\":\"dark-mode\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\"}");
    }
}
