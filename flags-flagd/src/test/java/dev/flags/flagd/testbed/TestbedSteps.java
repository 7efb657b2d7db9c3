package dev.flags.flagd.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.flagd.Flagd;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.Before;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * This project's step definitions for the flagd test bed's evaluator suite. "An evaluator" is a
 * {@link FlagManager} over {@link Flagd#classpath(String)} of the test bed's flag file, and this
 * project's OpenFeature provider over that manager in an isolated OpenFeature API. Each evaluation
 * runs through both; each outcome is checked on both. Public because Cucumber instantiates it.
 */
public class TestbedSteps {

    private static final String FLAGS = "flagd-testbed/flags/testkit-flags.json";

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    private InspectableFlagManager manager = FlagManager.builder()
            .definitions(dev.flags.definition.Definitions.EMPTY)
            .build();
    private Client client = api.getClient();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Value> openFeatureAttributes = new HashMap<>();
    private String targetingKey = "";
    private String flagType = "";
    private String flagKey = "";
    private Object defaultValue = "";
    private EvaluationDetails<?> details =
            EvaluationDetails.error("none", null, dev.flags.ErrorCode.GENERAL, "not evaluated");
    private FlagEvaluationDetails<?> openFeatureDetails = new FlagEvaluationDetails<>();

    @Before
    public void noEvaluatorYet() {
        manager.close();
    }

    @After
    public void shutDown() {
        api.shutdown();
        manager.close();
    }

    @Given("an evaluator")
    public void anEvaluator() throws Exception {
        manager = FlagManager.builder().source(Flagd.classpath(FLAGS)).build();
        api.setProviderAndWait(FlagsProvider.of(manager));
        client = api.getClient();
    }

    @Given("a {}-flag with key {string} and a fallback value {string}")
    public void aFlag(String type, String key, String fallback) {
        flagType = type.toLowerCase(Locale.ROOT);
        flagKey = key;
        defaultValue = convert(fallback, flagType);
    }

    @Given("a context containing a key {string}, with type {string} and with value {string}")
    public void aContextEntry(String key, String type, String value) {
        Object converted = convert(value, type.toLowerCase(Locale.ROOT));
        attributes.put(key, converted);
        openFeatureAttributes.put(key, Value.objectToValue(converted));
    }

    @Given("a context containing a nested property with outer key {string} and inner key {string}, with value {string}")
    public void aNestedContextEntry(String outer, String inner, String value) {
        attributes.put(outer, Map.of(inner, value));
        openFeatureAttributes.put(outer, new Value(new ImmutableStructure(Map.of(inner, new Value(value)))));
    }

    @Given("a context containing a targeting key with value {string}")
    public void aTargetingKey(String key) {
        targetingKey = key;
    }

    @When("the flag was evaluated with details")
    public void evaluated() {
        EvaluationContext context = EvaluationContext.builder()
                .targetingKey(targetingKey.isEmpty() ? null : targetingKey)
                .attributes(attributes)
                .build();
        ImmutableContext openFeatureContext = targetingKey.isEmpty()
                ? new ImmutableContext(openFeatureAttributes)
                : new ImmutableContext(targetingKey, openFeatureAttributes);
        switch (flagType) {
            case "boolean" -> {
                details = manager.getBooleanDetails(flagKey, (Boolean) defaultValue, context);
                openFeatureDetails = client.getBooleanDetails(flagKey, (Boolean) defaultValue, openFeatureContext);
            }
            case "string" -> {
                details = manager.getStringDetails(flagKey, (String) defaultValue, context);
                openFeatureDetails = client.getStringDetails(flagKey, (String) defaultValue, openFeatureContext);
            }
            case "integer" -> {
                details = manager.getIntegerDetails(flagKey, (Integer) defaultValue, context);
                openFeatureDetails = client.getIntegerDetails(flagKey, (Integer) defaultValue, openFeatureContext);
            }
            case "float" -> {
                details = manager.getDoubleDetails(flagKey, (Double) defaultValue, context);
                openFeatureDetails = client.getDoubleDetails(flagKey, (Double) defaultValue, openFeatureContext);
            }
            case "object" -> {
                details = manager.getObjectDetails(flagKey, defaultValue, context);
                openFeatureDetails =
                        client.getObjectDetails(flagKey, Value.objectToValue(defaultValue), openFeatureContext);
            }
            default -> throw new IllegalArgumentException("unknown flag type " + flagType);
        }
    }

    @Then("the resolved details value should be {string}")
    public void theValueShouldBe(String expected) {
        Object value = convert(expected, flagType);
        if (flagType.equals("object")) {
            assertThat(details.value()).as("FlagManager").isEqualTo(value);
            assertThat(((Value) openFeatureDetails.getValue()).asStructure().asObjectMap())
                    .as("OpenFeature provider")
                    .isEqualTo(Value.objectToValue(value).asStructure().asObjectMap());
        } else {
            assertThat(details.value()).as("FlagManager").isEqualTo(value);
            assertThat(openFeatureDetails.getValue()).as("OpenFeature provider").isEqualTo(value);
        }
    }

    @Then("the reason should be {string}")
    public void theReasonShouldBe(String reason) {
        assertThat(details.reason().name()).as("FlagManager").isEqualTo(reason);
        assertThat(openFeatureDetails.getReason()).as("OpenFeature provider").isEqualTo(reason);
    }

    @Then("the error-code should be {string}")
    public void theErrorCodeShouldBe(String code) {
        assertThat(String.valueOf(details.errorCode())).as("FlagManager").isEqualTo(code);
        assertThat(String.valueOf(openFeatureDetails.getErrorCode()))
                .as("OpenFeature provider")
                .isEqualTo(code);
    }

    @Then("the resolved metadata should contain")
    public void theMetadataShouldContain(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            Object expected = convert(row.get("value"), row.get("metadata_type").toLowerCase(Locale.ROOT));
            assertThat(details.flagMetadata()).as("FlagManager").containsEntry(row.get("key"), expected);
            assertThat(openFeatureDetails.getFlagMetadata().getValue(row.get("key"), expected.getClass()))
                    .as("OpenFeature provider")
                    .isEqualTo(expected);
        }
    }

    @Then("the resolved metadata is empty")
    public void theMetadataIsEmpty() {
        assertThat(details.flagMetadata()).as("FlagManager").isEmpty();
        assertThat(openFeatureDetails.getFlagMetadata().asUnmodifiableMap())
                .as("OpenFeature provider")
                .isEmpty();
    }

    private static Object convert(String text, String type) {
        return switch (type) {
            case "boolean" -> Boolean.parseBoolean(text);
            case "string" -> text;
            case "integer" -> Integer.parseInt(text);
            case "float" -> Double.parseDouble(text);
            case "object" -> new Load(LoadSettings.builder().build()).loadFromString(text.replace("\\\"", "\""));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
