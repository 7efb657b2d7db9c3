package dev.flags.autoconfigure.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.flags.InspectableFlagManager;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.contrib.providers.ofrep.OfrepProvider;
import dev.openfeature.contrib.providers.ofrep.OfrepProviderOptions;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Reason;
import dev.openfeature.sdk.Value;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenFeature's OFREP provider for Java (dev.openfeature.contrib.providers:ofrep) against the running
 * server, and our provider in-process over the same engine: for every flag of the OpenFeature test
 * flags ({@code test-flags.json}, as flags-openfeature translates them), in four contexts, the value,
 * variant, reason, error code and metadata are the same, through the SDK's {@link Client}.
 *
 * <p>One difference is forced, and asserted as such rather than hidden: a disabled flag serves no
 * variant, and OFREP answers it without {@code value} (ADR-0006: the client uses its code default,
 * reason {@code DISABLED}). Provider 0.0.2 predates ADR-0006 and reports any answer without a value
 * as {@code FLAG_NOT_FOUND} ("No value returned for flag"), so through it the caller gets its
 * default with reason {@code ERROR}, where in-process it gets its default with reason
 * {@code DISABLED}. Error messages are the provider's own ("flag: x not found"), so they are not
 * compared.
 */
@SpringBootTest(
        classes = OfrepTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flags.ofrep.enabled=true", "flags.sources=classpath:openfeature/test-flags.yml"})
class OfrepProviderInteropTests {

    private static final Set<String> DISABLED = Set.of(
            "boolean-disabled-flag",
            "string-disabled-flag",
            "integer-disabled-flag",
            "float-disabled-flag",
            "object-disabled-flag");

    // Per test, not per class: the reactive subclass runs the same cases against another server.
    private final OpenFeatureAPI localApi = OpenFeatureAPI.createIsolated();
    private final OpenFeatureAPI remoteApi = OpenFeatureAPI.createIsolated();

    @LocalServerPort
    int port;

    @Autowired
    InspectableFlagManager flags;

    @AfterEach
    void shutDown() {
        localApi.shutdown();
        remoteApi.shutdown();
    }

    private Client local() {
        localApi.setProviderAndWait(FlagsProvider.of(flags));
        return localApi.getClient();
    }

    private Client remote() {
        remoteApi.setProviderAndWait(OfrepProvider.constructProvider(OfrepProviderOptions.builder()
                .baseUrl("http://localhost:" + port)
                .headers(ImmutableMap.of("X-API-Key", ImmutableList.of("interop-key")))
                .build()));
        return remoteApi.getClient();
    }

    static List<EvaluationContext> contexts() {
        MutableContext ballmer = new MutableContext("ann");
        ballmer.add("email", "ballmer@macrosoft.com");
        MutableContext internal = new MutableContext("bill");
        internal.add("email", "ballmer@macrosoft.com");
        internal.add("customer", false);
        internal.add("age", 11);
        return List.of(new MutableContext(), new MutableContext("zoe"), ballmer, internal);
    }

    /** Every key of the specification's test-flags.json with the type of its variants. */
    @SuppressWarnings("unchecked")
    static Map<String, String> testFlags() throws IOException {
        try (InputStream in =
                OfrepProviderInteropTests.class.getResourceAsStream("/openfeature/spec/test-flags.json")) {
            assertThat(in).as("openfeature/spec/test-flags.json").isNotNull();
            Map<String, Map<String, Object>> flags =
                    JsonMapper.builder().build().readValue(in, Map.class);
            Map<String, String> types = new LinkedHashMap<>();
            flags.forEach((key, flag) -> {
                Object variant = ((Map<String, Object>) flag.get("variants"))
                        .values()
                        .iterator()
                        .next();
                types.put(key, typeOf(variant));
            });
            return types;
        }
    }

    /** Object values as maps: the providers build structures of different classes, equal in content. */
    private static Object plain(Object value) {
        return value instanceof Value structure && structure.isStructure()
                ? structure.asStructure().asObjectMap()
                : value;
    }

    private static String typeOf(Object variant) {
        if (variant instanceof Boolean) {
            return "boolean";
        }
        if (variant instanceof String) {
            return "string";
        }
        if (variant instanceof Integer) {
            return "integer";
        }
        return variant instanceof Double ? "float" : "object";
    }

    @Test
    void everyTestFlagAnswersTheSameOverOfrepAsInProcess() throws IOException {
        Client local = local();
        Client remote = remote();
        Map<String, String> testFlags = testFlags();
        assertThat(testFlags).hasSize(25);
        List<String> compared = new ArrayList<>();
        for (Map.Entry<String, String> flag : testFlags.entrySet()) {
            for (EvaluationContext context : contexts()) {
                String key = flag.getKey();
                FlagEvaluationDetails<?> expected = evaluate(local, key, flag.getValue(), context);
                FlagEvaluationDetails<?> actual = evaluate(remote, key, flag.getValue(), context);
                String where = key + " for " + context.asObjectMap();
                if (DISABLED.contains(key)) {
                    assertThat(expected.getReason()).as(where).isEqualTo(Reason.DISABLED.name());
                    assertThat(expected.getErrorCode()).as(where).isNull();
                    assertThat(actual.getReason()).as(where).isEqualTo(Reason.ERROR.name());
                    assertThat(actual.getErrorCode()).as(where).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
                    assertThat(actual.getErrorMessage()).as(where).isEqualTo("No value returned for flag: " + key);
                    assertThat(actual.getValue()).as(where).isEqualTo(expected.getValue());
                    continue;
                }
                assertThat(plain(actual.getValue())).as(where + ": value").isEqualTo(plain(expected.getValue()));
                assertThat(actual.getVariant()).as(where + ": variant").isEqualTo(expected.getVariant());
                assertThat(actual.getReason()).as(where + ": reason").isEqualTo(expected.getReason());
                assertThat(actual.getErrorCode()).as(where + ": error code").isEqualTo(expected.getErrorCode());
                assertThat(actual.getFlagMetadata().asUnmodifiableMap())
                        .as(where + ": metadata")
                        .isEqualTo(expected.getFlagMetadata().asUnmodifiableMap());
                compared.add(key + "=" + expected.getReason());
            }
        }
        assertThat(compared)
                .as("what the comparison covered")
                .contains(
                        "boolean-flag=STATIC",
                        "complex-targeted=TARGETING_MATCH",
                        "complex-targeted=DEFAULT",
                        "metadata-flag=STATIC",
                        "wrong-flag=STATIC",
                        "null-default-flag=ERROR",
                        "undefined-default-flag=ERROR");
    }

    @Test
    void aFlagOfAnotherTypeIsATypeMismatchBothWays() {
        FlagEvaluationDetails<String> expected = local().getStringDetails("boolean-flag", "x");
        FlagEvaluationDetails<String> actual = remote().getStringDetails("boolean-flag", "x");
        assertThat(expected.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(actual.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(actual.getValue()).isEqualTo(expected.getValue()).isEqualTo("x");
        assertThat(actual.getReason()).isEqualTo(expected.getReason()).isEqualTo(Reason.ERROR.name());
    }

    @Test
    void aRefusedKeyComesBackAsParseErrorBecauseTheProviderCannotReadAnAnswerWithoutBody() {
        OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
        try {
            api.setProviderAndWait(OfrepProvider.constructProvider(OfrepProviderOptions.builder()
                    .baseUrl("http://localhost:" + port)
                    .headers(ImmutableMap.of("X-API-Key", ImmutableList.of("guessed")))
                    .build()));
            FlagEvaluationDetails<Boolean> details = api.getClient().getBooleanDetails("boolean-flag", false);
            // The server answers 401 without a body, as the specification has it; the provider
            // tries to parse the empty body before it looks at the status.
            assertThat(details.getErrorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(details.getValue()).isFalse();
            assertThat(details.getReason()).isEqualTo(Reason.ERROR.name());
        } finally {
            api.shutdown();
        }
    }

    private static FlagEvaluationDetails<?> evaluate(
            Client client, String key, String type, EvaluationContext context) {
        return switch (type) {
            case "boolean" -> client.getBooleanDetails(key, false, context);
            case "string" -> client.getStringDetails(key, "default", context);
            case "integer" -> client.getIntegerDetails(key, -1, context);
            case "float" -> client.getDoubleDetails(key, -1.0, context);
            default -> client.getObjectDetails(key, new Value("default"), context);
        };
    }
}
