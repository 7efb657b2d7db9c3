package com.example.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Boots the reactive shop on Netty and runs its flows through {@link WebTestClient}: the toggled
 * and variant endpoints for two visitors, OFREP for a front end, and an operator's kill switch
 * through the admin API, which the shop and OFREP follow at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReactiveShopApplicationTests {

    @LocalServerPort
    int port;

    private WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void aToggledFluxEndpointServesOnlyTheVisitorsTheFlagIsOnFor() {
        client().get()
                .uri("/recommendations")
                .header("X-User", "ann")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(ReactiveShopApplication.Product.class)
                .isEqualTo(List.of(
                        new ReactiveShopApplication.Product("espresso machine"),
                        new ReactiveShopApplication.Product("milk frother")));
        client().get()
                .uri("/recommendations")
                .header("X-User", "bob")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBodyList(ReactiveShopApplication.Product.class)
                .hasSize(0);
    }

    @Test
    void aVariantParameterPricesTheVisitor() {
        client().get()
                .uri("/price")
                .header("X-User", "bob")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("price: 90");
        client().get()
                .uri("/price")
                .header("X-User", "ann")
                .exchange()
                .expectBody(String.class)
                .isEqualTo("price: 100");
    }

    @Test
    void frontEndsReadTheirFlagsThroughOfrep() {
        client().post()
                .uri("/ofrep/v1/evaluate/flags/pricing")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"context\": {\"targetingKey\": \"bob\"}}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .doesNotExist(HttpHeaders.SET_COOKIE)
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo("discount")
                .jsonPath("$.reason")
                .isEqualTo("TARGETING_MATCH");
        String etag = client().post()
                .uri("/ofrep/v1/evaluate/flags")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"context\": {\"targetingKey\": \"carol\"}}")
                .exchange()
                .expectStatus()
                .isOk()
                .returnResult(String.class)
                .getResponseHeaders()
                .getETag();
        assertThat(etag).isNotNull();
        client().post()
                .uri("/ofrep/v1/evaluate/flags")
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.IF_NONE_MATCH, etag)
                .bodyValue("{\"context\": {\"targetingKey\": \"carol\"}}")
                .exchange()
                .expectStatus()
                .isNotModified();
    }

    @Test
    @Order(Integer.MAX_VALUE) // last: it turns a flag off for the other cases
    void anOperatorsKillSwitchThroughTheAdminApiTurnsTheFeatureOffForEveryone() {
        client().get().uri("/flags-admin/api/flags").exchange().expectStatus().isUnauthorized();
        client().get()
                .uri("/flags-admin/api/flags/recommendations")
                .headers(headers -> headers.setBasicAuth("viewer", "viewer-pass"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.definition.owner")
                .isEqualTo("shop-team");
        client().post()
                .uri("/flags-admin/api/flags/recommendations/emergency-off")
                .headers(headers -> headers.setBasicAuth("viewer", "viewer-pass"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\": \"viewers may not\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Access denied");
        client().post()
                .uri("/flags-admin/api/flags/recommendations/emergency-off")
                .headers(headers -> headers.setBasicAuth("operator", "operator-pass"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\": \"recommendation service down\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.definition.status")
                .isEqualTo("emergency-off");
        client().get()
                .uri("/recommendations")
                .header("X-User", "ann")
                .exchange()
                .expectBodyList(ReactiveShopApplication.Product.class)
                .hasSize(0);
        client().post()
                .uri("/ofrep/v1/evaluate/flags/recommendations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"context\": {\"targetingKey\": \"ann\"}}")
                .exchange()
                .expectBody()
                .jsonPath("$.value")
                .isEqualTo(false);
    }

    @Test
    void theConsoleIsOffBehindAChainMadeForApiClients() {
        client().get()
                .uri("/flags-console/")
                .headers(headers -> headers.setBasicAuth("operator", "operator-pass"))
                .exchange()
                .expectStatus()
                .isNotFound();
        client().get()
                .uri("/flags-console/assets/console.js")
                .exchange()
                .expectStatus()
                .isNotFound();
    }
}
