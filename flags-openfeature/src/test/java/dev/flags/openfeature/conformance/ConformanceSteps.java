package dev.flags.openfeature.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.definition.Definitions;
import dev.flags.definition.DefinitionsReader;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagType;
import dev.flags.openfeature.FlagsProvider;
import dev.flags.source.FlagSource;
import dev.flags.source.FlagSources;
import dev.flags.source.InMemoryFlagSource;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Metadata;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FatalError;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * This project's step definitions for the OpenFeature Gherkin suites. Each scenario gets its own
 * isolated OpenFeature API, so scenarios share no global state. Public because Cucumber
 * instantiates it reflectively.
 */
public class ConformanceSteps {

    private static final String TEST_FLAGS = "openfeature/test-flags.yml";
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    private final CountDownLatch releaseSlowSource = new CountDownLatch(1);
    private final Map<String, Value> contextAttributes = new HashMap<>();
    private Client client = api.getClient();
    private String flagType = "";
    private String flagKey = "";
    private Object defaultValue = "";
    private FlagEvaluationDetails<?> details = new FlagEvaluationDetails<>();
    private RecordingHook hook = new RecordingHook();

    @After
    public void shutDown() {
        releaseSlowSource.countDown();
        api.shutdown();
    }

    // ---- providers ----

    @Given("a {} provider")
    public void aProvider(String status) throws Exception {
        switch (status) {
            case "stable" -> api.setProviderAndWait(FlagsProvider.fromClasspath(TEST_FLAGS));
            case "not ready" -> api.setProvider(FlagsProvider.fromSource(slowSource()));
            case "error" -> api.setProvider(FlagsProvider.fromClasspath("openfeature/no-such-flags.yml"));
            case "stale" -> {
                InMemoryFlagSource source = FlagSources.inMemory("test-flags", testFlags());
                api.setProviderAndWait(FlagsProvider.fromSource(source));
                source.update(Definitions.of(FlagDefinition.builder("broken")
                        .type(FlagType.BOOLEAN)
                        .variant("on", true)
                        .defaultVariant("missing")
                        .build()));
            }
            case "fatal" -> api.setProvider(new FatalProvider());
            default -> throw new IllegalArgumentException("unknown provider status '" + status + "'");
        }
        client = api.getClient();
        ProviderState expected = switch (status) {
            case "stable" -> ProviderState.READY;
            case "not ready" -> ProviderState.NOT_READY;
            case "error" -> ProviderState.ERROR;
            case "stale" -> ProviderState.STALE;
            default -> ProviderState.FATAL;
        };
        awaitState(expected);
    }

    @Then("the provider status should be {string}")
    public void theProviderStatusShouldBe(String status) {
        assertThat(client.getProviderState()).isEqualTo(ProviderState.valueOf(status));
    }

    private void awaitState(ProviderState expected) throws InterruptedException {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        while (client.getProviderState() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static Definitions testFlags() {
        InputStream in = ConformanceSteps.class.getClassLoader().getResourceAsStream(TEST_FLAGS);
        assertThat(in).as(TEST_FLAGS).isNotNull();
        return DefinitionsReader.read(TEST_FLAGS, in);
    }

    /** A source whose first load does not finish until the scenario ends: the provider is not ready. */
    private FlagSource slowSource() {
        return new FlagSource() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Definitions load() {
                try {
                    releaseSlowSource.await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Definitions.EMPTY;
            }
        };
    }

    // ---- flags and context ----

    @Given("a {}-flag with key {string} and a fallback value {string}")
    public void aFlag(String type, String key, String fallback) {
        flagType = type.toLowerCase(java.util.Locale.ROOT);
        flagKey = key;
        defaultValue = convert(fallback, flagType);
    }

    @Given("a context containing a key {string}, with type {string} and with value {string}")
    public void aContextEntry(String key, String type, String value) {
        contextAttributes.put(key, Value.objectToValue(convert(value, type.toLowerCase(java.util.Locale.ROOT))));
    }

    @Given("a context containing a key {string} with null value")
    public void aContextEntryWithNullValue(String key) {
        contextAttributes.put(key, new Value());
    }

    @Given("a client with added hook")
    public void aClientWithAddedHook() {
        hook = new RecordingHook();
        client.addHooks(hook);
    }

    @When("the flag was evaluated with details")
    public void theFlagWasEvaluatedWithDetails() {
        ImmutableContext context = new ImmutableContext(contextAttributes);
        details = switch (flagType) {
            case "boolean" -> client.getBooleanDetails(flagKey, (Boolean) defaultValue, context);
            case "string" -> client.getStringDetails(flagKey, (String) defaultValue, context);
            case "integer" -> client.getIntegerDetails(flagKey, (Integer) defaultValue, context);
            case "float" -> client.getDoubleDetails(flagKey, (Double) defaultValue, context);
            case "object" -> client.getObjectDetails(flagKey, (Value) defaultValue, context);
            default -> throw new IllegalArgumentException("unknown flag type '" + flagType + "'");
        };
    }

    // ---- outcomes ----

    @Then("the resolved details value should be {string}")
    public void theResolvedDetailsValueShouldBe(String expected) {
        if (flagType.equals("object")) {
            assertThat(((Value) details.getValue()).asStructure().asObjectMap())
                    .isEqualTo(
                            ((Value) convert(expected, "object")).asStructure().asObjectMap());
        } else {
            assertThat(details.getValue()).isEqualTo(convert(expected, flagType));
        }
    }

    @Then("the flag key should be {string}")
    public void theFlagKeyShouldBe(String key) {
        assertThat(details.getFlagKey()).isEqualTo(key);
    }

    @Then("the variant should be {string}")
    public void theVariantShouldBe(String variant) {
        assertThat(details.getVariant()).isEqualTo(variant);
    }

    @Then("the reason should be {string}")
    public void theReasonShouldBe(String reason) {
        assertThat(details.getReason()).isEqualTo(reason);
    }

    @Then("the error-code should be {string}")
    public void theErrorCodeShouldBe(String errorCode) {
        assertThat(details.getErrorCode()).isEqualTo(errorCode.isEmpty() ? null : ErrorCode.valueOf(errorCode));
    }

    @Then("the resolved metadata should contain")
    public void theResolvedMetadataShouldContain(DataTable table) {
        for (Map<String, String> row : table.asMaps()) {
            Object expected = convert(row.get("value"), row.get("metadata_type").toLowerCase(java.util.Locale.ROOT));
            assertThat(details.getFlagMetadata().getValue(row.get("key"), expected.getClass()))
                    .as("metadata %s", row.get("key"))
                    .isEqualTo(expected);
        }
    }

    @Then("the resolved metadata is empty")
    public void theResolvedMetadataIsEmpty() {
        assertThat(details.getFlagMetadata().asUnmodifiableMap()).isEmpty();
    }

    // ---- hooks ----

    @Then("the {string} hook should have been executed")
    public void theHookShouldHaveBeenExecuted(String stage) {
        assertThat(hook.stages()).contains(stage);
    }

    @Then("the {string} hooks should be called with evaluation details")
    public void theHooksShouldBeCalledWithEvaluationDetails(String stages, DataTable table) {
        for (String stage : stages.split(",\\s*")) {
            assertThat(hook.stages()).contains(stage);
            FlagEvaluationDetails<?> seen = hook.details(stage);
            for (Map<String, String> row : table.asMaps()) {
                String value = row.get("value");
                Object expected = "null".equals(value) ? null : convert(value, row.get("data_type"));
                Object actual = switch (row.get("key")) {
                    case "flag_key" -> seen.getFlagKey();
                    case "value" -> seen.getValue();
                    case "variant" -> seen.getVariant();
                    case "reason" -> seen.getReason();
                    case "error_code" ->
                        seen.getErrorCode() == null ? null : seen.getErrorCode().name();
                    default -> throw new IllegalArgumentException("unknown detail '" + row.get("key") + "'");
                };
                assertThat(actual)
                        .as("%s of the %s hook", row.get("key"), stage)
                        .isEqualTo(expected);
            }
        }
    }

    // ---- values ----

    /** A value written in a feature file, as the type named there. */
    static Object convert(String text, String type) {
        return switch (type) {
            case "boolean" -> Boolean.valueOf(text);
            case "string" -> text;
            case "integer" -> Integer.valueOf(text);
            case "long" -> Long.valueOf(text);
            case "float", "double" -> Double.valueOf(text);
            case "object" -> Value.objectToValue(new Load(LoadSettings.builder().build()).loadFromString(text));
            default -> throw new IllegalArgumentException("unknown type '" + type + "'");
        };
    }

    /**
     * Stands in for a provider in the FATAL state, which this project's provider never enters: its
     * initialization fails irrecoverably. The SDK must not call its evaluations.
     */
    static final class FatalProvider implements FeatureProvider {

        @Override
        public Metadata getMetadata() {
            return () -> "fatal stand-in";
        }

        @Override
        public void initialize(dev.openfeature.sdk.EvaluationContext evaluationContext) {
            throw new FatalError("stand-in provider in fatal state");
        }

        @Override
        public ProviderEvaluation<Boolean> getBooleanEvaluation(
                String key, Boolean defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
            throw new UnsupportedOperationException("evaluated a fatal provider");
        }

        @Override
        public ProviderEvaluation<String> getStringEvaluation(
                String key, String defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
            throw new UnsupportedOperationException("evaluated a fatal provider");
        }

        @Override
        public ProviderEvaluation<Integer> getIntegerEvaluation(
                String key, Integer defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
            throw new UnsupportedOperationException("evaluated a fatal provider");
        }

        @Override
        public ProviderEvaluation<Double> getDoubleEvaluation(
                String key, Double defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
            throw new UnsupportedOperationException("evaluated a fatal provider");
        }

        @Override
        public ProviderEvaluation<Value> getObjectEvaluation(
                String key, Value defaultValue, dev.openfeature.sdk.EvaluationContext ctx) {
            throw new UnsupportedOperationException("evaluated a fatal provider");
        }
    }

    /** Records which stages ran and the details the after and finally stages saw. */
    static final class RecordingHook implements dev.openfeature.sdk.Hook<Object> {

        private final List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Map<String, FlagEvaluationDetails<Object>> details =
                new java.util.concurrent.ConcurrentHashMap<>();

        List<String> stages() {
            return stages;
        }

        FlagEvaluationDetails<Object> details(String stage) {
            assertThat(details).containsKey(stage);
            return details.get(stage);
        }

        @Override
        public java.util.Optional<dev.openfeature.sdk.EvaluationContext> before(
                dev.openfeature.sdk.HookContext<Object> ctx, Map<String, Object> hints) {
            stages.add("before");
            return java.util.Optional.empty();
        }

        @Override
        public void after(
                dev.openfeature.sdk.HookContext<Object> ctx,
                FlagEvaluationDetails<Object> evaluation,
                Map<String, Object> hints) {
            stages.add("after");
            details.put("after", evaluation);
        }

        @Override
        public void error(dev.openfeature.sdk.HookContext<Object> ctx, Exception error, Map<String, Object> hints) {
            stages.add("error");
        }

        @Override
        public void finallyAfter(
                dev.openfeature.sdk.HookContext<Object> ctx,
                FlagEvaluationDetails<Object> evaluation,
                Map<String, Object> hints) {
            stages.add("finally");
            details.put("finally", evaluation);
        }
    }
}
