package dev.flags.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Schema that editors use agrees with the reader: it accepts the full example and rejects mistakes. */
class SchemaTests {

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(SchemaTests.class.getResourceAsStream("/dev/flags/definition/flags-definitions.schema.json"));

    @Test
    void acceptsEveryPartOfTheFormat() throws Exception {
        try (InputStream in = SchemaTests.class.getResourceAsStream("/definitions/full.yml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(SCHEMA.validate(yaml, InputFormat.YAML)).isEmpty();
        }
    }

    @Test
    void rejectsUnknownFieldsOperatorsAndNegativeWeights() {
        List<Error> errors = SCHEMA.validate("""
                flags:
                  f:
                    defualt-variant: on
                    rules:
                      - when: [{attribute: a, operator: equls, value: 1}]
                        serve: {distribution: {on: -1}}
                """, InputFormat.YAML);
        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("defualt-variant"));
        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("operator"));
        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("/distribution/on"));
    }

    @Test
    void acceptsWhatFlagdFlagsAreWrittenAs() {
        assertThat(SCHEMA.validate("""
                        flags:
                          f:
                            type: string
                            variants: {a: A, b: B}
                            default-variant: null
                            rules:
                              - id: targeting
                                serve: {computed: {language: flagd JSON Logic, source: '{"var":"x"}'}}
                              - id: fractional
                                serve: {distribution: {a: 1, b: 1}, reason: targeting-match}
                        """, InputFormat.YAML)).isEmpty();
        assertThat(SCHEMA.validate("""
                        flags:
                          f:
                            default-variant: "off"
                            fallthrough: {distribution: {"on": 1}, reason: match}
                        """, InputFormat.YAML))
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("reason"));
    }

    @Test
    void rejectsIncompleteExperiments() {
        List<Error> errors = SCHEMA.validate("""
                flags:
                  pricing:
                    default-variant: on
                    experiment:
                      controll: on
                      conversions: []
                      start: 2026-12-01T00:00:00Z
                """, InputFormat.YAML);
        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("controll"))
                .anySatisfy(e -> assertThat(e).contains("control-variant"))
                .anySatisfy(e -> assertThat(e).contains("end"))
                .anySatisfy(e -> assertThat(e).contains("/experiment/conversions"));
    }
}
