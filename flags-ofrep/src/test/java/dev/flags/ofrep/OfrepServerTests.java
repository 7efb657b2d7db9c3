package dev.flags.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.FlagType;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.flags.source.InMemoryFlagSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The protocol without a web framework: shapes, statuses, error codes, the ETag; every answer validated. */
class OfrepServerTests {

    private static final Definitions DEFINITIONS = Definitions.of(
            FlagDefinition.builder("dark-mode")
                    .defaultVariant("on")
                    .metadata("owner", "team-ui")
                    .metadata("priority", 3)
                    .build(),
            FlagDefinition.builder("banner")
                    .type(FlagType.STRING)
                    .variant("big", "BIG")
                    .variant("small", "small")
                    .defaultVariant("small")
                    .rule(Rule.of(
                            "staff", Serve.variant("big"), Condition.of("email", Operator.ENDS_WITH, "@flags.dev")))
                    .build(),
            FlagDefinition.builder("limits")
                    .type(FlagType.OBJECT)
                    .variant("low", Map.of("max", 10, "names", List.of("a", "b")))
                    .defaultVariant("low")
                    .build(),
            FlagDefinition.builder("ratio")
                    .type(FlagType.DOUBLE)
                    .variant("half", 0.5)
                    .defaultVariant("half")
                    .build(),
            FlagDefinition.builder("seats")
                    .type(FlagType.INTEGER)
                    .variant("few", 3)
                    .variant("many", 30)
                    .defaultVariant("few")
                    .rule(Rule.of("pro", Serve.variant("many"), Condition.of("plan", Operator.EQUALS, "pro")))
                    .build(),
            FlagDefinition.builder("paused")
                    .type(FlagType.STRING)
                    .variant("on", "yes")
                    .defaultVariant("on")
                    .status(FlagStatus.PAUSED)
                    .build(),
            FlagDefinition.builder("payroll")
                    .tags("sensitive")
                    .defaultVariant("on")
                    .build());

    private static final InMemoryFlagSource SOURCE = dev.flags.source.FlagSources.inMemory("test", DEFINITIONS);
    private static final InspectableFlagManager FLAGS = FlagManager.builder()
            .source(SOURCE)
            .guard("sensitive", (flag, context) -> context.groups().contains("hr"))
            .build();
    private static final OfrepServer SERVER =
            OfrepServer.builder(FLAGS).sensitiveTag("sensitive").build();

    @AfterAll
    static void close() {
        FLAGS.close();
    }

    private static Map<String, Object> request(Map<String, Object> context) {
        return Map.of("context", context);
    }

    private static OfrepResponse single(String key, Object body) {
        OfrepResponse response = SERVER.evaluate(key, body);
        assertConforms(OfrepSchema.SINGLE, response);
        return response;
    }

    private static OfrepResponse bulk(Object body, String ifNoneMatch) {
        OfrepResponse response = SERVER.evaluateAll(body, ifNoneMatch);
        assertConforms(OfrepSchema.BULK, response);
        return response;
    }

    static void assertConforms(String operation, OfrepResponse response) {
        assertThat(OfrepSchema.violations(
                        operation, response.status(), response.headers(), OfrepSchema.json(response.body())))
                .isEmpty();
    }

    @Test
    void answersValueVariantReasonAndScalarMetadata() {
        OfrepResponse response = single("dark-mode", request(Map.of("targetingKey", "u1")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(OfrepSchema.json(response.body()))
                .isEqualTo("{\"key\":\"dark-mode\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\","
                        + "\"metadata\":{\"owner\":\"team-ui\",\"priority\":3}}");
    }

    @Test
    void mapsTheContextWithNestedAttributesGroupsAndEnvironment() {
        OfrepResponse matched = single("banner", request(Map.of("targetingKey", "u1", "email", "ann@flags.dev")));
        assertThat(matched.body()).containsEntry("value", "BIG").containsEntry("reason", "TARGETING_MATCH");
        OfrepResponse fellThrough = single("banner", request(Map.of("targetingKey", "u1", "email", "x@y.z")));
        assertThat(fellThrough.body())
                .containsEntry("value", "small")
                .containsEntry("variant", "small")
                .containsEntry("reason", "DEFAULT");

        Map<String, Object> nested = Map.of(
                "targetingKey", "u2",
                "groups", List.of("hr", "beta"),
                "environment", "prod",
                "account", Map.of("plan", "pro", "seats", 12),
                "tags", List.of("x", "y"));
        assertThat(single("payroll", request(nested)).body()).containsEntry("value", true);
    }

    @Test
    void answersObjectsAndDoublesInTheirJsonTypes() {
        assertThat(single("limits", request(Map.of())).body())
                .containsEntry("value", Map.of("max", 10, "names", List.of("a", "b")))
                .containsEntry("variant", "low")
                .containsEntry("reason", "STATIC");
        assertThat(single("ratio", request(Map.of())).body()).containsEntry("value", 0.5);
    }

    @Test
    void answersIntegersAndNamesTheMatchedRuleInTheMetadata() {
        assertThat(OfrepSchema.json(
                        single("seats", request(Map.of("plan", "pro"))).body()))
                .isEqualTo("{\"key\":\"seats\",\"value\":30,\"variant\":\"many\",\"reason\":\"TARGETING_MATCH\","
                        + "\"metadata\":{\"ruleId\":\"pro\"}}");
        assertThat(OfrepSchema.json(
                        single("seats", request(Map.of("plan", "free"))).body()))
                .isEqualTo(
                        "{\"key\":\"seats\",\"value\":3,\"variant\":\"few\",\"reason\":\"DEFAULT\",\"metadata\":{}}");
    }

    @Test
    void aFlagServingNoVariantAnswersWithoutValueSoTheClientUsesItsCodeDefault() {
        OfrepResponse response = single("paused", request(Map.of("targetingKey", "u1")));
        assertThat(response.status()).isEqualTo(200);
        assertThat(OfrepSchema.json(response.body()))
                .isEqualTo("{\"key\":\"paused\",\"reason\":\"DISABLED\",\"metadata\":{\"status\":\"paused\"}}");
    }

    @Test
    void unknownFlagIs404FlagNotFound() {
        OfrepResponse response = single("nope", request(Map.of("targetingKey", "u1")));
        assertThat(response.status()).isEqualTo(404);
        assertThat(OfrepSchema.json(response.body()))
                .isEqualTo(
                        "{\"key\":\"nope\",\"errorCode\":\"FLAG_NOT_FOUND\",\"errorDetails\":\"flag 'nope' is not defined\",\"metadata\":{}}");
    }

    @Test
    void badRequestsAre400WithTheCodeAndThePlace() {
        assertThat(single("dark-mode", null).body())
                .containsEntry("errorCode", "PARSE_ERROR")
                .containsEntry("errorDetails", "request body is missing: send {\"context\": {...}}");
        assertThat(single("dark-mode", List.of(1)).body())
                .containsEntry("errorCode", "PARSE_ERROR")
                .containsEntry(
                        "errorDetails", "request body must be a JSON object with a 'context' object, not an array");
        assertThat(single("dark-mode", Map.of("ctx", Map.of())).body())
                .containsEntry("key", "dark-mode")
                .containsEntry("errorCode", "INVALID_CONTEXT")
                .containsEntry("errorDetails", "request body has no 'context' object");
        assertThat(single("dark-mode", Map.of("context", "u1")).body())
                .containsEntry("errorDetails", "'context' must be a JSON object, not a string");
        OfrepResponse numericKey = single("dark-mode", request(Map.of("targetingKey", 42)));
        assertThat(numericKey.status()).isEqualTo(400);
        assertThat(numericKey.body())
                .containsEntry("errorCode", "INVALID_CONTEXT")
                .containsEntry("errorDetails", "'context.targetingKey' must be a string, not a number");
        OfrepResponse unparsable = SERVER.parseError("dark-mode", "Unexpected end-of-input");
        assertConforms(OfrepSchema.SINGLE, unparsable);
        assertThat(unparsable.body())
                .containsEntry("errorCode", "PARSE_ERROR")
                .containsEntry("errorDetails", "request body is not valid JSON: Unexpected end-of-input");

        OfrepResponse bulk = bulk(Map.of("context", 1), null);
        assertThat(bulk.status()).isEqualTo(400);
        assertThat(OfrepSchema.json(bulk.body()))
                .isEqualTo(
                        "{\"errorCode\":\"INVALID_CONTEXT\",\"errorDetails\":\"'context' must be a JSON object, not a number\"}");
        OfrepResponse bulkUnparsable = SERVER.parseError(null, "Unexpected character");
        assertConforms(OfrepSchema.BULK, bulkUnparsable);
        assertThat(bulkUnparsable.body()).doesNotContainKey("key");
    }

    @Test
    void aSensitiveFlagIs403AloneAndAbsentFromBulkForCallersTheGuardRefuses() {
        OfrepResponse refused = single("payroll", request(Map.of("targetingKey", "gus")));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).isNull();

        assertThat(keys(bulk(request(Map.of("targetingKey", "gus")), null)))
                .containsExactly("dark-mode", "banner", "limits", "ratio", "seats", "paused");
        assertThat(keys(bulk(request(Map.of("targetingKey", "hana", "groups", "hr")), null)))
                .containsExactly("dark-mode", "banner", "limits", "ratio", "seats", "paused", "payroll");
    }

    @Test
    void withoutASensitiveTagARefusedFlagIsAnEvaluationFailure() {
        OfrepServer plain = OfrepServer.builder(FLAGS).build();
        OfrepResponse response = plain.evaluate("payroll", request(Map.of("targetingKey", "gus")));
        assertConforms(OfrepSchema.SINGLE, response);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body())
                .containsEntry("errorCode", "GENERAL")
                .containsEntry("errorDetails", "not permitted to evaluate sensitive flag 'payroll'");
    }

    @Test
    void bulkAnswersEveryFlagWithAnETagAnd304WhenItMatches() {
        Map<String, Object> body = request(Map.of("targetingKey", "u1", "email", "x@y.z"));
        OfrepResponse first = bulk(body, null);
        assertThat(first.status()).isEqualTo(200);
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(OfrepSchema.json(first.body()))
                .startsWith(
                        "{\"flags\":[{\"key\":\"dark-mode\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\"");

        OfrepResponse notModified = bulk(body, etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isNull();
        assertThat(notModified.header("ETag")).isEqualTo(etag);
        assertThat(bulk(body, "\"other\", W/" + etag).status()).isEqualTo(304);
        assertThat(bulk(body, "*").status()).isEqualTo(304);
        assertThat(bulk(body, "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void theETagChangesExactlyWhenAnAnswerForThatContextChanges() {
        Map<String, Object> outsider = request(Map.of("targetingKey", "u1", "email", "x@y.z"));
        Map<String, Object> staff = request(Map.of("targetingKey", "u1", "email", "ann@flags.dev"));
        String outsiderTag = SERVER.evaluateAll(outsider, null).header("ETag");
        String staffTag = SERVER.evaluateAll(staff, null).header("ETag");
        assertThat(staffTag).as("another answer for another context").isNotEqualTo(outsiderTag);
        assertThat(SERVER.evaluateAll(request(Map.of("targetingKey", "u9", "email", "q@r.s")), null)
                        .header("ETag"))
                .as("the same answers for another user")
                .isEqualTo(outsiderTag);
        try {
            // The staff rule changes: staff see another value, outsiders the same as before.
            SOURCE.update(DEFINITIONS.withFlag(FLAGS.definitions().flag("banner").toBuilder()
                    .variant("big", "HUGE")
                    .build()));
            assertThat(SERVER.evaluateAll(outsider, outsiderTag).status()).isEqualTo(304);
            OfrepResponse changed = SERVER.evaluateAll(staff, staffTag);
            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.header("ETag")).isNotEqualTo(staffTag);
        } finally {
            SOURCE.update(DEFINITIONS);
        }
    }

    @Test
    void tooManyRequestsCarriesRetryAfterInWholeSeconds() {
        OfrepResponse response = OfrepServer.tooManyRequests(Duration.ofMillis(1200));
        assertConforms(OfrepSchema.SINGLE, response);
        assertConforms(OfrepSchema.BULK, response);
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).isEqualTo(Map.of("Retry-After", "2"));
        assertThat(OfrepServer.tooManyRequests(Duration.ZERO).header("Retry-After"))
                .isEqualTo("1");
    }

    @Test
    void announcesAnSseEndpointInBulkAnswers() {
        OfrepServer withStream =
                OfrepServer.builder(FLAGS).sseEndpoint("/ofrep/v1/events").build();
        OfrepResponse response = withStream.evaluateAll(request(Map.of()), null);
        assertConforms(OfrepSchema.BULK, response);
        assertThat(response.body())
                .containsEntry(
                        "eventStreams",
                        List.of(Map.of("type", "sse", "endpoint", Map.of("requestUri", "/ofrep/v1/events"))));
    }

    @Test
    void aManagerThatThrowsGivesAnEvaluationFailureNotAnException() {
        FlagManager throwing = (FlagManager) java.lang.reflect.Proxy.newProxyInstance(
                FlagManager.class.getClassLoader(), new Class<?>[] {FlagManager.class}, (proxy, method, args) -> {
                    throw new IllegalStateException("boom");
                });
        OfrepServer server = OfrepServer.builder(throwing).build();
        OfrepResponse single = server.evaluate("f", request(Map.of()));
        assertConforms(OfrepSchema.SINGLE, single);
        assertThat(single.body())
                .containsEntry("errorDetails", "evaluation failed: java.lang.IllegalStateException: boom");
        OfrepResponse bulk = server.evaluateAll(request(Map.of()), null);
        assertConforms(OfrepSchema.BULK, bulk);
        assertThat(bulk.status()).isEqualTo(400);
    }

    @SuppressWarnings("unchecked")
    private static List<String> keys(OfrepResponse response) {
        List<String> keys = new ArrayList<>();
        for (Object flag : (List<Object>) response.body().get("flags")) {
            keys.add((String) ((Map<String, Object>) flag).get("key"));
        }
        return keys;
    }
}
