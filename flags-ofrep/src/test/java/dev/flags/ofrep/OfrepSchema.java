package dev.flags.ofrep;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates OFREP responses against the specification's {@code openapi.yaml} (v0.3.0, from
 * {@code ../shared/conformance/ofrep}, read as it is) with an OpenAPI 3.1 JSON Schema validator: the
 * body against the schema the operation gives for the status, and the headers it requires.
 *
 * <p>Read strictly, the file rejects every answer that carries a value, every integer value a second
 * time, and one reason OpenFeature defines. {@link #violations} therefore validates against a copy
 * of the schema with exactly three corrections, each taken from the specification's own words;
 * {@link #violationsOfTheFileAsIs} validates against the file unchanged, and {@code OfrepSchemaTests}
 * asserts that it reports these flaws and nothing else, so a fixed specification shows up as a
 * failing test:
 *
 * <ol>
 *   <li>{@code codeDefaultFlag} is {@code {type: object, properties: {}}}, which every object
 *       matches, so any answer with a {@code value} matches two branches of the {@code oneOf} and
 *       fails it. Its description says "This schema has no {@code value} property": the copy says
 *       so with {@code not: {required: [value]}}.
 *   <li>{@code floatFlag}'s value is {@code {type: number}}, and in JSON Schema every integer is a
 *       number, so an integer value matches both {@code integerFlag} and {@code floatFlag} and fails
 *       the {@code oneOf} again. The two branches are meant to tell integers from floats
 *       ({@code format: float}): the copy adds {@code not: {type: integer}} to the float branch's value.
 *   <li>The {@code reason} enumeration omits {@code DEFAULT}, though its description points to
 *       OpenFeature's reasons (which define it) and ADR-0006 answers {@code "reason": "DEFAULT"} in its
 *       examples; this server sends it for a flag that falls through to its default variant, as flagd
 *       does. The copy adds it.
 * </ol>
 */
public final class OfrepSchema {

    /** The single-flag operation, {@code evaluateFlag}. */
    public static final String SINGLE = "single";

    /** The bulk operation, {@code evaluateFlagsBulk}. */
    public static final String BULK = "bulk";

    private static final String LOCATION = "https://flags.dev/ofrep/openapi.yaml";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String YAML = read();
    private static final Map<String, Schema> AS_IS = new ConcurrentHashMap<>();
    private static final Map<String, Schema> CORRECTED = new ConcurrentHashMap<>();
    private static final SchemaRegistry AS_IS_REGISTRY = registry(YAML);
    private static final SchemaRegistry CORRECTED_REGISTRY = registry(corrected(YAML));

    private OfrepSchema() {}

    /**
     * Every violation of the specification (with the three corrections of the class comment) by this
     * response.
     *
     * @param operation {@link #SINGLE} or {@link #BULK}
     * @param status the HTTP status
     * @param headers the response headers (names in any case)
     * @param body the JSON body as text, or {@code null} for none
     * @return the violations, empty when the response conforms
     */
    public static List<String> violations(
            String operation, int status, Map<String, String> headers, @Nullable String body) {
        return violations(CORRECTED_REGISTRY, CORRECTED, operation, status, headers, body);
    }

    /**
     * Every violation of {@code openapi.yaml} read strictly, without corrections.
     *
     * @param operation {@link #SINGLE} or {@link #BULK}
     * @param status the HTTP status
     * @param headers the response headers
     * @param body the JSON body as text, or {@code null}
     * @return the violations
     */
    public static List<String> violationsOfTheFileAsIs(
            String operation, int status, Map<String, String> headers, @Nullable String body) {
        return violations(AS_IS_REGISTRY, AS_IS, operation, status, headers, body);
    }

    private static List<String> violations(
            SchemaRegistry registry,
            Map<String, Schema> cache,
            String operation,
            int status,
            Map<String, String> headers,
            @Nullable String body) {
        List<String> violations = new ArrayList<>();
        String schema = schemaFor(operation, status);
        if (schema == null) {
            if (status != 304 && status != 401 && status != 403 && status != 429) {
                violations.add("status " + status + " is not a response of " + operation);
            } else if (body != null && !body.isBlank()) {
                violations.add("status " + status + " has no content in the specification, but the body was " + body);
            }
        } else if (body == null) {
            violations.add("status " + status + " needs a " + schema + " body, but there was none");
        } else {
            Schema validator = cache.computeIfAbsent(
                    schema, name -> registry.getSchema(SchemaLocation.of(LOCATION + "#/components/schemas/" + name)));
            for (Error error : validator.validate(body, InputFormat.JSON)) {
                violations.add(error.toString());
            }
        }
        if (operation.equals(BULK) && (status == 200 || status == 304) && header(headers, "ETag") == null) {
            violations.add("status " + status + " of bulk evaluation needs an ETag header");
        }
        if (status == 429 && header(headers, "Retry-After") == null) {
            violations.add("status 429 needs a Retry-After header");
        }
        return violations;
    }

    /** The response body as JSON text, as a web framework would write it. */
    public static @Nullable String json(@Nullable Object body) {
        return body == null ? null : MAPPER.writeValueAsString(body);
    }

    private static SchemaRegistry registry(String yaml) {
        return SchemaRegistry.withDefaultDialect(
                Dialects.getOpenApi31(),
                builder -> builder.schemaCacheEnabled(false).schemas(Map.of(LOCATION, yaml)));
    }

    private static String corrected(String yaml) {
        ObjectNode root = (ObjectNode) YAMLMapper.builder().build().readTree(yaml);
        ObjectNode schemas = (ObjectNode) root.get("components").get("schemas");
        ObjectNode codeDefault = (ObjectNode) schemas.get("codeDefaultFlag");
        codeDefault.putObject("not").putArray("required").add("value");
        ObjectNode floatValue =
                (ObjectNode) schemas.get("floatFlag").get("properties").get("value");
        floatValue.putObject("not").put("type", "integer");
        JsonNode allOf = schemas.get("evaluationSuccess").get("allOf");
        ArrayNode reasons =
                (ArrayNode) allOf.get(0).get("properties").get("reason").get("enum");
        reasons.add("DEFAULT");
        return MAPPER.writeValueAsString(root);
    }

    private static @Nullable String schemaFor(String operation, int status) {
        if (operation.equals(SINGLE)) {
            return switch (status) {
                case 200 -> "serverEvaluationSuccess";
                case 400 -> "evaluationFailure";
                case 404 -> "flagNotFound";
                case 500 -> "generalErrorResponse";
                default -> null;
            };
        }
        return switch (status) {
            case 200 -> "bulkEvaluationSuccess";
            case 400 -> "bulkEvaluationFailure";
            case 500 -> "generalErrorResponse";
            default -> null;
        };
    }

    private static @Nullable String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String read() {
        try (InputStream in = OfrepSchema.class.getResourceAsStream("/ofrep/spec/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("ofrep/spec/openapi.yaml is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
