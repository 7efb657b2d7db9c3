package dev.flags.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefinitionsWriterTests {

    @Test
    void richDefinitionsAreValid() {
        assertThat(DefinitionFixtures.rich().validate()).isEmpty();
    }

    @Test
    void treeReadsBackToTheSameDefinitions() {
        Definitions definitions = DefinitionFixtures.rich();
        assertThat(DefinitionsReader.parseTree("tree", DefinitionsWriter.toTree(definitions)))
                .isEqualTo(definitions);
    }

    @Test
    void yamlReadsBackToTheSameDefinitions() {
        Definitions definitions = DefinitionFixtures.rich();
        assertThat(DefinitionsReader.read("flags.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
    }

    @Test
    void jsonReadsBackToTheSameDefinitions() {
        Definitions definitions = DefinitionFixtures.rich();
        assertThat(DefinitionsReader.read("flags.json", DefinitionsWriter.toJson(definitions)))
                .isEqualTo(definitions);
    }

    @Test
    void leavesDefaultsOut() {
        // Without a default variant the field is written as null: the reader requires it.
        assertThat(DefinitionsWriter.json(DefinitionsWriter.toTree(
                        FlagDefinition.builder("simple").build())))
                .isEqualTo("{\"default-variant\":null}");
        assertThat(DefinitionsWriter.toJson(Definitions.of(
                        FlagDefinition.builder("simple").defaultVariant("on").build())))
                .isEqualTo("{\"flags\":{\"simple\":{\"default-variant\":\"on\"}}}");
    }

    @Test
    void writesRulesWithTheirFieldsInDocumentedForm() {
        Map<String, Object> tree =
                DefinitionsWriter.toTree(DefinitionFixtures.rich().flag("new-checkout"));
        assertThat(DefinitionsWriter.json(tree.get("rules")))
                .startsWith("[{\"id\":\"beta\",\"name\":\"Beta users\",\"when\":["
                        + "{\"attribute\":\"groups\",\"operator\":\"contains-any\",\"values\":[\"beta\",\"staff\"]},"
                        + "{\"attribute\":\"age\",\"operator\":\"greater-than\",\"value\":17,\"negate\":true},"
                        + "{\"attribute\":\"email\",\"operator\":\"exists\"},"
                        + "{\"operator\":\"in-segment\",\"values\":[\"vip\"]}],"
                        + "\"serve\":{\"distribution\":{\"treatment\":1,\"control\":99999}}},"
                        + "{\"when\":[");
        assertThat(tree)
                .containsEntry("status", "scheduled")
                .containsEntry("active-from", "2026-02-01T09:00:00Z")
                .containsEntry("review-by", "2026-06-30");
    }

    @Test
    void escapesJsonStrings() {
        assertThat(DefinitionsWriter.json(List.of("a\"b\\c\n\u0001", 1.5, true)))
                .isEqualTo("[\"a\\\"b\\\\c\\n\\u0001\",1.5,true]");
    }

    @Test
    void rejectsNumbersJsonCannotHold() {
        assertThatThrownBy(() -> DefinitionsWriter.json(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("JSON cannot hold the number NaN");
    }

    @Test
    void yamlQuotesStringsThatWouldReadAsOtherTypes() {
        Definitions definitions = Definitions.of(FlagDefinition.builder("tricky")
                .type(FlagType.STRING)
                .variant("t", "true")
                .variant("n", "1.5")
                .variant("z", "null")
                .variant("d", "2026-01-01")
                .variant("e", "")
                .variant("colon", "a: b # c")
                .defaultVariant("t")
                .build());

        assertThat(DefinitionsReader.read("tricky.yml", DefinitionsWriter.toYaml(definitions)))
                .isEqualTo(definitions);
        assertThat(DefinitionsReader.read("tricky.json", DefinitionsWriter.toJson(definitions)))
                .isEqualTo(definitions);
    }
}
