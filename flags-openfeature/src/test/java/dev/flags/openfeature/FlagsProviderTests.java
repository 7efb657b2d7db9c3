package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static dev.flags.openfeature.TestFlags.decimal;
import static dev.flags.openfeature.TestFlags.integer;
import static dev.flags.openfeature.TestFlags.object;
import static dev.flags.openfeature.TestFlags.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagManager;
import dev.flags.InspectableFlagManager;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.FlagDefinition;
import dev.flags.definition.FlagStatus;
import dev.flags.definition.Operator;
import dev.flags.definition.Prerequisite;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagsProviderTests {

    private static final ImmutableContext NOBODY = new ImmutableContext();

    private final OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
    private InspectableFlagManager manager = FlagManager.builder().build();

    @AfterEach
    void shutDown() {
        api.shutdown();
        manager.close();
    }

    private Client clientFor(FlagDefinition... flags) {
        manager = FlagManager.builder().definitions(Definitions.of(flags)).build();
        api.setProviderAndWait(FlagsProvider.of(manager));
        return api.getClient();
    }

    @Test
    void servesEveryPrimitiveTypeWithItsVariantAndStaticReason() {
        Client client = clientFor(
                bool("dark-mode").build(),
                string("greeting").build(),
                integer("page-size").build(),
                decimal("ratio").build());

        FlagEvaluationDetails<Boolean> bool = client.getBooleanDetails("dark-mode", false, NOBODY);
        FlagEvaluationDetails<String> string = client.getStringDetails("greeting", "yo", NOBODY);
        FlagEvaluationDetails<Integer> integer = client.getIntegerDetails("page-size", 1, NOBODY);
        FlagEvaluationDetails<Double> decimal = client.getDoubleDetails("ratio", 1.0, NOBODY);

        assertThat(List.of(bool.getValue(), string.getValue(), integer.getValue(), decimal.getValue()))
                .containsExactly(true, "hi", 50, 0.1);
        assertThat(List.of(bool.getVariant(), string.getVariant(), integer.getVariant(), decimal.getVariant()))
                .containsExactly("on", "greeting", "large", "low");
        assertThat(List.of(bool.getReason(), string.getReason(), integer.getReason(), decimal.getReason()))
                .containsOnly("STATIC");
        assertThat(bool.getErrorCode()).isNull();
        assertThat(bool.getFlagKey()).isEqualTo("dark-mode");
    }

    @Test
    void servesIntegerFlagsToLongEvaluations() {
        Client client = clientFor(integer("page-size").build(), decimal("ratio").build());

        FlagEvaluationDetails<Long> pageSize = client.getLongDetails("page-size", 1L, NOBODY);
        FlagEvaluationDetails<Long> ratio = client.getLongDetails("ratio", 1L, NOBODY);

        assertThat(pageSize.getValue()).isEqualTo(50L);
        assertThat(pageSize.getReason()).isEqualTo("STATIC");
        assertThat(ratio.getValue()).isEqualTo(1L);
        assertThat(ratio.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(ratio.getErrorMessage()).isEqualTo("flag 'ratio' is of type double, not integer");
    }

    @Test
    void servesObjectFlagsAsNestedStructures() {
        Map<String, Object> banner = Map.of(
                "title", "Check out these pics!",
                "images", List.of(Map.of("url", "a.png", "width", 640), Map.of("url", "b.png", "width", 320)),
                "layout", Map.of("columns", 3, "dense", true, "ratio", 1.5));
        Client client = clientFor(object("banner", banner).build());

        FlagEvaluationDetails<Value> details = client.getObjectDetails("banner", new Value(), NOBODY);

        assertThat(details.getReason()).isEqualTo("STATIC");
        assertThat(details.getVariant()).isEqualTo("value");
        Value value = details.getValue();
        assertThat(value.asStructure()
                        .getValue("images")
                        .asList()
                        .get(1)
                        .asStructure()
                        .getValue("width")
                        .asInteger())
                .isEqualTo(320);
        assertThat(value.asStructure()
                        .getValue("layout")
                        .asStructure()
                        .getValue("dense")
                        .asBoolean())
                .isTrue();
        assertThat(value.asStructure().asObjectMap()).isEqualTo(banner);
    }

    @Test
    void servesObjectFlagsHoldingAListAsAList() {
        Client client = clientFor(object("regions", List.of("eu", "us")).build());

        Value value = client.getObjectValue("regions", new Value());

        assertThat(value.asList()).containsExactly(new Value("eu"), new Value("us"));
    }

    @Test
    void reportsTypeMismatchForAnObjectAskedOfAPrimitiveFlagWithoutWrappingIt() {
        Client client = clientFor(bool("dark-mode").build());
        Value fallback = new Value("fallback");

        FlagEvaluationDetails<Value> details = client.getObjectDetails("dark-mode", fallback, NOBODY);

        assertThat(details.getValue()).isEqualTo(fallback);
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(details.getErrorMessage()).isEqualTo("flag 'dark-mode' is of type boolean, not object");
        assertThat(details.getVariant()).isNull();
    }

    @Test
    void reportsTypeMismatchForAPrimitiveOfAnotherType() {
        Client client = clientFor(string("greeting").build());

        FlagEvaluationDetails<Integer> details = client.getIntegerDetails("greeting", 7, NOBODY);

        assertThat(details.getValue()).isEqualTo(7);
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(details.getErrorMessage()).isEqualTo("flag 'greeting' is of type string, not integer");
    }

    @Test
    void reportsUnknownKeysAsFlagNotFound() {
        Client client = clientFor(bool("dark-mode").build());

        FlagEvaluationDetails<String> details = client.getStringDetails("nope", "fallback", NOBODY);

        assertThat(details.getValue()).isEqualTo("fallback");
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.getErrorMessage()).isEqualTo("flag 'nope' is not defined");
    }

    @Test
    void reportsAMatchedRuleAsTargetingMatchWithItsIdInTheMetadata() {
        Client client = clientFor(bool("dark-mode")
                .rule(Rule.of(
                        "staff-only", Serve.variant("off"), Condition.of("groups", Operator.CONTAINS_ANY, "staff")))
                .build());

        FlagEvaluationDetails<Boolean> staff = client.getBooleanDetails(
                "dark-mode",
                true,
                new ImmutableContext("ann", Map.of("groups", new Value(List.of(new Value("staff"))))));
        FlagEvaluationDetails<Boolean> others =
                client.getBooleanDetails("dark-mode", false, new ImmutableContext("bob"));

        assertThat(staff.getValue()).isFalse();
        assertThat(staff.getVariant()).isEqualTo("off");
        assertThat(staff.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(staff.getFlagMetadata().getString(FlagsProvider.RULE_ID)).isEqualTo("staff-only");
        assertThat(others.getValue()).isTrue();
        assertThat(others.getReason()).isEqualTo("DEFAULT");
        assertThat(others.getFlagMetadata().isEmpty()).isTrue();
    }

    /**
     * The provider converts an OpenFeature context's groups and environment only for a flag that reads
     * them: every way a flag can read them still sees them, and a flag that reads neither is not
     * misled by their absence.
     */
    @Test
    void groupsAndEnvironmentReachEveryFlagThatReadsThem() {
        Client client = clientFor(
                bool("in-staging").offVariant("off").environments("staging").build(),
                bool("for-staff")
                        .defaultVariant("off")
                        .rule(Rule.of(
                                "staff", Serve.variant("on"), Condition.of("groups", Operator.CONTAINS_ANY, "staff")))
                        .build(),
                bool("after-staff")
                        .offVariant("off")
                        .prerequisite(Prerequisite.of("for-staff", "on"))
                        .build(),
                bool("in-staging-by-rule")
                        .defaultVariant("off")
                        .rule(Rule.of(
                                "staging",
                                Serve.variant("on"),
                                Condition.of("environment", Operator.EQUALS, "staging")))
                        .build(),
                bool("german")
                        .defaultVariant("off")
                        .rule(Rule.of("de", Serve.variant("on"), Condition.of("country", Operator.EQUALS, "DE")))
                        .build());
        ImmutableContext staffInStaging = new ImmutableContext(
                "ann",
                Map.of(
                        "groups", new Value(List.of(new Value("staff"))),
                        "environment", new Value("staging"),
                        "country", new Value("DE")));
        ImmutableContext bob = new ImmutableContext("bob", Map.of("country", new Value("FR")));

        for (String key : List.of("in-staging", "for-staff", "after-staff", "in-staging-by-rule", "german")) {
            assertThat(client.getBooleanValue(key, false, staffInStaging))
                    .as(key)
                    .isTrue();
            assertThat(client.getBooleanValue(key, true, bob)).as(key).isFalse();
        }
        assertThat(client.getBooleanDetails("in-staging", true, bob).getReason())
                .isEqualTo("DISABLED");
        assertThat(client.getBooleanDetails("after-staff", true, bob).getReason())
                .isEqualTo("DISABLED");
    }

    @Test
    void targetsOnNestedStructuresAndInstantsOfTheOpenFeatureContext() {
        Client client = clientFor(bool("dutch-early-birds")
                .defaultVariant("off")
                .rule(Rule.of(
                        "nl-before-launch",
                        Serve.variant("on"),
                        Condition.of("address.country", Operator.EQUALS, "NL"),
                        Condition.of("signedUp", Operator.BEFORE, "2026-06-01T00:00:00Z")))
                .build());
        ImmutableContext early = new ImmutableContext(
                "ann",
                Map.of(
                        "address", new Value(new ImmutableStructure(Map.of("country", new Value("NL")))),
                        "signedUp", new Value(Instant.parse("2026-03-01T09:00:00Z"))));
        ImmutableContext late = new ImmutableContext(
                "bob",
                Map.of(
                        "address", new Value(new ImmutableStructure(Map.of("country", new Value("NL")))),
                        "signedUp", new Value(Instant.parse("2026-07-01T09:00:00Z"))));

        assertThat(client.getBooleanDetails("dutch-early-birds", false, early).getReason())
                .isEqualTo("TARGETING_MATCH");
        assertThat(client.getBooleanValue("dutch-early-birds", true, late)).isFalse();
    }

    @Test
    void reportsDistributionsAsSplit() {
        Client client = clientFor(
                bool("rollout").fallthrough(Serve.split("on", 1).and("off", 1)).build());

        FlagEvaluationDetails<Boolean> details =
                client.getBooleanDetails("rollout", false, new ImmutableContext("ann"));

        assertThat(details.getReason()).isEqualTo("SPLIT");
        assertThat(details.getVariant()).isIn("on", "off");
        assertThat(details.getValue()).isEqualTo("on".equals(details.getVariant()));
    }

    @Test
    void servesTheCallersDefaultForAFlagThatIsOffWithoutOffVariant() {
        Client client = clientFor(bool("legacy").status(FlagStatus.PAUSED).build());

        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("legacy", false, NOBODY);

        assertThat(details.getValue()).isFalse();
        assertThat(details.getVariant()).isNull();
        assertThat(details.getReason()).isEqualTo("DISABLED");
        assertThat(details.getErrorCode()).isNull();
        assertThat(details.getFlagMetadata().getString("status")).isEqualTo("paused");
    }

    @Test
    void servesTheOffVariantForAFlagThatIsOffWithOne() {
        Client client = clientFor(bool("legacy")
                .status(FlagStatus.EMERGENCY_OFF)
                .offVariant("off")
                .build());

        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("legacy", true, NOBODY);

        assertThat(details.getValue()).isFalse();
        assertThat(details.getVariant()).isEqualTo("off");
        assertThat(details.getReason()).isEqualTo("DISABLED");
    }

    @Test
    void returnsTheFlagsMetadataWithItsTypes() {
        Client client = clientFor(bool("dark-mode")
                .owner("team-ui")
                .tags("ui", "beta")
                .description("Dark theme")
                .metadata("ticket", "FL-1")
                .metadata("version", 2)
                .metadata("ratio", 0.5)
                .metadata("public", true)
                .metadata("budget", 5_000_000_000L)
                .build());

        ImmutableMetadata metadata =
                client.getBooleanDetails("dark-mode", false, NOBODY).getFlagMetadata();

        assertThat(metadata.asUnmodifiableMap())
                .containsOnlyKeys("owner", "tags", "description", "ticket", "version", "ratio", "public", "budget");
        assertThat(metadata.getString("owner")).isEqualTo("team-ui");
        assertThat(metadata.getString("tags")).isEqualTo("ui,beta");
        assertThat(metadata.getString("description")).isEqualTo("Dark theme");
        assertThat(metadata.getString("ticket")).isEqualTo("FL-1");
        assertThat(metadata.getInteger("version")).isEqualTo(2);
        assertThat(metadata.getDouble("ratio")).isEqualTo(0.5);
        assertThat(metadata.getBoolean("public")).isTrue();
        assertThat(metadata.getLong("budget")).isEqualTo(5_000_000_000L);
    }

    @Test
    void returnsNoMetadataForAFlagWithoutAny() {
        Client client = clientFor(bool("dark-mode").build());

        assertThat(client.getBooleanDetails("dark-mode", false, NOBODY)
                        .getFlagMetadata()
                        .isEmpty())
                .isTrue();
    }

    @Test
    void namesItselfFlags() {
        assertThat(FlagsProvider.of(manager).getMetadata().getName()).isEqualTo("flags");
    }

    @Test
    void servesTheCallersNullDefaultWhenUsedDirectly() {
        manager = FlagManager.builder()
                .definitions(Definitions.of(bool("dark-mode").build()))
                .build();
        FlagsProvider provider = FlagsProvider.of(manager);

        ProviderEvaluation<Boolean> missing = provider.getBooleanEvaluation("nope", null, NOBODY);
        ProviderEvaluation<Boolean> found = provider.getBooleanEvaluation("dark-mode", null, NOBODY);

        assertThat(missing.getValue()).isNull();
        assertThat(missing.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(found.getValue()).isTrue();
        assertThat(found.getReason()).isEqualTo("STATIC");
    }
}
