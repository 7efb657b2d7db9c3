package dev.flags.ofrep;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator checks what the specification says, and the three corrections it applies are the only ones needed. */
class OfrepSchemaTests {

    private static final String STATIC = "{\"key\":\"f\",\"value\":true,\"variant\":\"on\",\"reason\":\"STATIC\"}";
    private static final String DEFAULT = "{\"key\":\"f\",\"value\":\"x\",\"variant\":\"on\",\"reason\":\"DEFAULT\"}";

    @Test
    void readStrictlyTheFileRejectsEveryAnswerWithAValueForMatchingTwoBranchesAndNothingElse() {
        assertThat(OfrepSchema.violationsOfTheFileAsIs(OfrepSchema.SINGLE, 200, Map.of(), STATIC))
                .startsWith(": must be valid to one and only one schema, but 2 are valid with indexes '0, 5'")
                .filteredOn(v -> !v.startsWith("/value: boolean found, "))
                .as("besides the reasons the other branches reject it")
                .hasSize(1);
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), STATIC))
                .isEmpty();
    }

    @Test
    void readStrictlyTheFileRejectsEveryIntegerValueForMatchingTheIntegerAndTheFloatBranch() {
        String integer = "{\"key\":\"f\",\"value\":10,\"variant\":\"ten\",\"reason\":\"STATIC\"}";
        assertThat(OfrepSchema.violationsOfTheFileAsIs(OfrepSchema.SINGLE, 200, Map.of(), integer))
                .contains(": must be valid to one and only one schema, but 2 are valid with indexes '2, 3'");
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), integer))
                .isEmpty();
        String decimal = "{\"key\":\"f\",\"value\":0.5,\"variant\":\"half\",\"reason\":\"STATIC\"}";
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), decimal))
                .isEmpty();
    }

    @Test
    void readStrictlyTheFileRejectsTheDefaultReason() {
        assertThat(OfrepSchema.violationsOfTheFileAsIs(OfrepSchema.SINGLE, 200, Map.of(), DEFAULT))
                .anySatisfy(v -> assertThat(v).startsWith("/reason: does not have a value in the enumeration"));
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), DEFAULT))
                .isEmpty();
    }

    @Test
    void acceptsEvaluationFailures() {
        assertThat(OfrepSchema.violations(
                        OfrepSchema.SINGLE,
                        400,
                        Map.of(),
                        "{\"key\":\"f\",\"errorCode\":\"GENERAL\",\"errorDetails\":\"x\"}"))
                .isEmpty();
    }

    @Test
    void rejectsWrongShapesTypesAndMissingHeaders() {
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), "{\"key\":\"f\",\"reason\":\"ON\"}"))
                .anySatisfy(v -> assertThat(v).startsWith("/reason: does not have a value in the enumeration"));
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 200, Map.of(), "{\"value\":true,\"reason\":\"STATIC\"}"))
                .contains(": required property 'key' not found");
        assertThat(OfrepSchema.violations(
                        OfrepSchema.SINGLE, 404, Map.of(), "{\"key\":\"f\",\"errorCode\":\"GENERAL\"}"))
                .anySatisfy(v -> assertThat(v).startsWith("/errorCode: does not have a value in the enumeration"));
        assertThat(OfrepSchema.violations(OfrepSchema.BULK, 200, Map.of(), "{\"flags\":[]}"))
                .containsExactly("status 200 of bulk evaluation needs an ETag header");
        assertThat(OfrepSchema.violations(OfrepSchema.BULK, 429, Map.of(), null))
                .containsExactly("status 429 needs a Retry-After header");
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 403, Map.of(), "{}"))
                .containsExactly("status 403 has no content in the specification, but the body was {}");
        assertThat(OfrepSchema.violations(OfrepSchema.SINGLE, 302, Map.of(), null))
                .containsExactly("status 302 is not a response of single");
    }
}
