package dev.flags.openfeature;

import static dev.flags.openfeature.TestFlags.bool;
import static dev.flags.openfeature.TestFlags.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.CapturedLog;
import dev.flags.ErrorCode;
import dev.flags.EvaluationContext;
import dev.flags.EvaluationDetails;
import dev.flags.EvaluationHook;
import dev.flags.FlagChangeListener;
import dev.flags.FlagManager;
import dev.flags.HookContext;
import dev.flags.InspectableFlagManager;
import dev.flags.Reason;
import dev.flags.definition.Condition;
import dev.flags.definition.Definitions;
import dev.flags.definition.Operator;
import dev.flags.definition.Rule;
import dev.flags.definition.Serve;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.providers.memory.Flag;
import dev.openfeature.sdk.providers.memory.InMemoryProvider;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenFeatureFlagManagerTests {

    private static final EvaluationContext ANN = EvaluationContext.builder()
            .targetingKey("ann")
            .attribute("email", "ann@example.com")
            .build();

    private final InMemoryProvider provider = new InMemoryProvider(Map.of(
            "dark-mode",
            Flag.<Boolean>builder()
                    .variant("on", true)
                    .variant("off", false)
                    .defaultVariant("on")
                    .flagMetadata(ImmutableMetadata.builder()
                            .addString("owner", "team-ui")
                            .addInteger("version", 2)
                            .build())
                    .build(),
            "greeting",
            Flag.<String>builder()
                    .variant("hi", "hi")
                    .variant("bye", "bye")
                    .defaultVariant("bye")
                    .build(),
            "page-size",
            Flag.<Integer>builder()
                    .variant("small", 10)
                    .variant("large", 50)
                    .defaultVariant("large")
                    .build(),
            "ratio",
            Flag.<Double>builder().variant("low", 0.1).defaultVariant("low").build(),
            "banner",
            Flag.<Value>builder()
                    .variant(
                            "template",
                            new Value(new ImmutableStructure(Map.of(
                                    "title", new Value("Hi"),
                                    "sizes", new Value(List.of(new Value(1), new Value(2)))))))
                    .defaultVariant("template")
                    .build(),
            "beta",
            Flag.<Boolean>builder()
                    .variant("on", true)
                    .variant("off", false)
                    .defaultVariant("off")
                    .contextEvaluator((flag, context) -> context.getValue("email") != null ? Boolean.TRUE : null)
                    .build(),
            "legacy",
            Flag.<Boolean>builder()
                    .variant("on", true)
                    .defaultVariant("on")
                    .disabled(true)
                    .build()));

    private final OpenFeatureFlagManager flags = OpenFeatureFlagManager.of(provider);

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void servesTheProvidersValuesThroughTypedGetters() {
        assertThat(flags.getBoolean("dark-mode", false, ANN)).isTrue();
        assertThat(flags.isEnabled("dark-mode", ANN)).isTrue();
        assertThat(flags.getString("greeting", "yo", ANN)).isEqualTo("bye");
        assertThat(flags.getInteger("page-size", 1, ANN)).isEqualTo(50);
        assertThat(flags.getDouble("ratio", 1.0, ANN)).isEqualTo(0.1);
        assertThat(flags.getObject("banner", Map.of(), ANN)).isEqualTo(Map.of("title", "Hi", "sizes", List.of(1, 2)));
    }

    @Test
    void passesVariantReasonAndMetadataThrough() {
        EvaluationDetails<Boolean> details = flags.getBooleanDetails("dark-mode", false, ANN);

        assertThat(details.flagKey()).isEqualTo("dark-mode");
        assertThat(details.value()).isTrue();
        assertThat(details.variant()).isEqualTo("on");
        assertThat(details.reason()).isEqualTo(Reason.STATIC);
        assertThat(details.errorCode()).isNull();
        assertThat(details.ruleId()).isNull();
        assertThat(details.flagMetadata()).isEqualTo(Map.of("owner", "team-ui", "version", 2));
    }

    @Test
    void passesTheContextToTheProvidersTargeting() {
        EvaluationDetails<Boolean> targeted = flags.getBooleanDetails("beta", false, ANN);
        EvaluationDetails<Boolean> fallthrough = flags.getBooleanDetails("beta", true, EvaluationContext.of("bob"));

        assertThat(targeted.value()).isTrue();
        assertThat(targeted.reason()).isEqualTo(Reason.TARGETING_MATCH);
        assertThat(fallthrough.value()).isFalse();
        assertThat(fallthrough.reason()).isEqualTo(Reason.DEFAULT);
    }

    @Test
    void reportsUnknownKeysAsFlagNotFound() {
        EvaluationDetails<String> details = flags.getStringDetails("nope", "fallback", ANN);

        assertThat(details.value()).isEqualTo("fallback");
        assertThat(details.variant()).isNull();
        assertThat(details.reason()).isEqualTo(Reason.ERROR);
        assertThat(details.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.errorMessage()).isEqualTo("flag nope not found");
    }

    @Test
    void reportsTypeMismatches() {
        EvaluationDetails<Integer> details = flags.getIntegerDetails("greeting", 7, ANN);

        assertThat(details.value()).isEqualTo(7);
        assertThat(details.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(details.errorMessage()).isEqualTo("flag greeting is not of expected type");
    }

    @Test
    void servesTheCallersDefaultForADisabledFlag() {
        EvaluationDetails<Boolean> details = flags.getBooleanDetails("legacy", false, ANN);

        assertThat(details.value()).isFalse();
        assertThat(details.variant()).isNull();
        assertThat(details.reason()).isEqualTo(Reason.DISABLED);
        assertThat(details.errorCode()).isNull();
    }

    @Test
    void evaluatesWithoutATypeByAskingForEachType() {
        assertThat(flags.evaluate("page-size", ANN).value()).isEqualTo(50);
        assertThat(flags.evaluate("page-size", ANN).variant()).isEqualTo("large");
        assertThat(flags.evaluate("ratio", ANN).value()).isEqualTo(0.1);
        assertThat(flags.evaluate("banner", ANN).value()).isEqualTo(Map.of("title", "Hi", "sizes", List.of(1, 2)));
        assertThat(flags.getVariant("greeting", ANN)).isEqualTo("bye");
        assertThat(flags.evaluate("legacy", ANN).value()).isNull();
        assertThat(flags.evaluate("legacy", ANN).reason()).isEqualTo(Reason.DISABLED);
    }

    @Test
    void evaluatesGivenKeysInBulk() {
        Map<String, EvaluationDetails<Object>> results = flags.evaluate(List.of("dark-mode", "greeting", "nope"), ANN);

        assertThat(results).containsOnlyKeys("dark-mode", "greeting", "nope");
        assertThat(results.get("dark-mode").value()).isEqualTo(true);
        assertThat(results.get("greeting").value()).isEqualTo("bye");
        assertThat(results.get("nope").value()).isNull();
        assertThat(results.get("nope").errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void cannotListFlagsAndSaysSoWithEmptyResults() {
        assertThat(flags.evaluateAll(ANN)).isEmpty();
        assertThat(flags.definitions()).isEqualTo(Definitions.EMPTY);
    }

    @Test
    void remembersAnswersInAMemo() {
        var memo = flags.memo(ANN);

        assertThat(memo.getInteger("page-size", 0)).isEqualTo(50);
        assertThat(memo.getIntegerDetails("page-size", 0).reason()).isEqualTo(Reason.STATIC);
    }

    @Test
    void runsHooksAroundEvaluations() {
        List<String> calls = new CopyOnWriteArrayList<>();
        flags.addHook(new EvaluationHook() {
            @Override
            public @Nullable Object before(HookContext evaluation) {
                calls.add("before " + evaluation.flagKey() + " " + evaluation.type());
                return null;
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                calls.add("after " + details.value() + " " + details.reason());
            }

            @Override
            public void error(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                calls.add("error " + details.errorCode());
            }
        });

        flags.getBoolean("dark-mode", false, ANN);
        flags.getBoolean("nope", false, ANN);

        assertThat(calls)
                .containsExactly(
                        "before dark-mode BOOLEAN", "after true STATIC", "before nope BOOLEAN", "error FLAG_NOT_FOUND");
    }

    @Test
    void logsAFailingHookOncePerFlagAndIntervalAsTheEngineDoes() {
        flags.addHook(new EvaluationHook() {
            @Override
            public @Nullable Object before(HookContext evaluation) {
                throw new IllegalStateException("broken hook");
            }

            @Override
            public String toString() {
                return "broken";
            }
        });

        String log = CapturedLog.during(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(flags.getBoolean("dark-mode", false, ANN)).isTrue();
                assertThat(flags.getString("greeting", "", ANN)).isEqualTo("bye");
            }
        });

        String logger = "ERROR dev.flags.openfeature.OpenFeatureFlagManager - ";
        assertThat(CapturedLog.count(log, logger + "Evaluation hook broken failed for flag 'dark-mode'"))
                .isEqualTo(1);
        assertThat(CapturedLog.count(log, logger + "Evaluation hook broken failed for flag 'greeting'"))
                .isEqualTo(1);
        assertThat(CapturedLog.count(log, "java.lang.IllegalStateException: broken hook"))
                .isEqualTo(2);
    }

    @Test
    void handsEachHookItsOwnDataFromBeforeToAfter() {
        List<String> calls = new CopyOnWriteArrayList<>();
        flags.addHook(new EvaluationHook() {
            @Override
            public Object before(HookContext evaluation) {
                if (evaluation.flagKey().equals("dark-mode")) {
                    flags.getString("greeting", "", ANN);
                }
                return "data of " + evaluation.flagKey();
            }

            @Override
            public void after(HookContext evaluation, EvaluationDetails<?> details, @Nullable Object data) {
                calls.add("after " + evaluation.flagKey() + ": " + data);
            }
        });

        flags.getBoolean("dark-mode", false, ANN);

        assertThat(calls).containsExactly("after greeting: data of greeting", "after dark-mode: data of dark-mode");
    }

    @Test
    void tellsListenersWhichFlagsTheProviderChanged() throws Exception {
        BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
        flags.addListener(changes::add);

        provider.updateFlag(
                "dark-mode",
                Flag.<Boolean>builder()
                        .variant("off", false)
                        .defaultVariant("off")
                        .build());

        assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactly("dark-mode");
        assertThat(flags.getBoolean("dark-mode", true, ANN)).isFalse();
    }

    @Test
    void mapsEveryProviderErrorCode() {
        Map<dev.openfeature.sdk.ErrorCode, String> expected = Map.of(
                dev.openfeature.sdk.ErrorCode.PARSE_ERROR, "PARSE_ERROR|bad value",
                dev.openfeature.sdk.ErrorCode.INVALID_CONTEXT, "INVALID_CONTEXT|bad value",
                dev.openfeature.sdk.ErrorCode.GENERAL, "GENERAL|bad value",
                dev.openfeature.sdk.ErrorCode.TARGETING_KEY_MISSING,
                        "INVALID_CONTEXT|TARGETING_KEY_MISSING: bad value");
        expected.forEach((code, outcome) -> {
            dev.openfeature.sdk.FeatureProvider failing = new InMemoryProvider(Map.of()) {
                @Override
                public dev.openfeature.sdk.ProviderEvaluation<String> getStringEvaluation(
                        String key, String defaultValue, dev.openfeature.sdk.EvaluationContext context) {
                    return dev.openfeature.sdk.ProviderEvaluation.<String>builder()
                            .value(defaultValue)
                            .errorCode(code)
                            .errorMessage("bad value")
                            .reason("ERROR")
                            .build();
                }
            };
            try (FlagManager delegating = OpenFeatureFlagManager.of(failing)) {
                EvaluationDetails<String> details = delegating.getStringDetails("anything", "fallback", ANN);
                assertThat(details.value()).as(code.name()).isEqualTo("fallback");
                assertThat(details.reason()).isEqualTo(Reason.ERROR);
                assertThat(details.errorCode() + "|" + details.errorMessage())
                        .as(code.name())
                        .isEqualTo(outcome);
            }
        });
    }

    @Test
    void mapsProviderStatesWithoutCounterpartToGeneralErrors() {
        CountDownLatch release = new CountDownLatch(1);
        OpenFeatureAPI api = OpenFeatureAPI.createIsolated();
        api.setProvider(new InMemoryProvider(Map.of()) {
            @Override
            public void initialize(dev.openfeature.sdk.EvaluationContext context) throws Exception {
                release.await(1, TimeUnit.MINUTES);
                super.initialize(context);
            }
        });
        try (FlagManager notReady = OpenFeatureFlagManager.of(api.getClient())) {
            EvaluationDetails<Boolean> details = notReady.getBooleanDetails("dark-mode", true, ANN);

            assertThat(details.value()).isTrue();
            assertThat(details.errorCode()).isEqualTo(ErrorCode.GENERAL);
            assertThat(details.errorMessage()).isEqualTo("PROVIDER_NOT_READY: Provider not yet initialized");
        } finally {
            release.countDown();
            api.shutdown();
        }
    }

    @Test
    void runsOverThisLibrarysOwnProviderWithRuleAndReasonIntact() {
        InspectableFlagManager engine = FlagManager.builder()
                .definitions(Definitions.of(
                        bool("dark-mode")
                                .rule(Rule.of(
                                        "staff-only",
                                        Serve.variant("off"),
                                        Condition.of("groups", Operator.CONTAINS_ANY, "staff")))
                                .fallthrough(Serve.split("on", 1).and("off", 1))
                                .owner("team-ui")
                                .build(),
                        object("banner", Map.of("title", "Hi", "sizes", List.of(1, 2)))
                                .build()))
                .build();
        try (FlagManager delegating = OpenFeatureFlagManager.of(FlagsProvider.of(engine))) {
            EvaluationContext staff = EvaluationContext.builder()
                    .targetingKey("ann")
                    .group("staff")
                    .build();

            EvaluationDetails<Boolean> targeted = delegating.getBooleanDetails("dark-mode", true, staff);
            EvaluationDetails<Boolean> split =
                    delegating.getBooleanDetails("dark-mode", true, EvaluationContext.of("bob"));

            assertThat(targeted).isEqualTo(engine.getBooleanDetails("dark-mode", true, staff));
            assertThat(targeted.ruleId()).isEqualTo("staff-only");
            assertThat(targeted.flagMetadata()).isEqualTo(Map.of("owner", "team-ui"));
            assertThat(split.reason()).isEqualTo(Reason.SPLIT);
            assertThat(delegating.evaluate("banner", staff).value())
                    .isEqualTo(engine.evaluate("banner", staff).value());
        } finally {
            engine.close();
        }
    }

    @Test
    void refusesAProviderRegisteredWithAnotherApi() {
        OpenFeatureAPI other = OpenFeatureAPI.createIsolated();
        FlagsProvider registered = FlagsProvider.fromClasspath("openfeature/test-flags.yml");
        other.setProviderAndWait(registered);
        try {
            assertThatThrownBy(() -> OpenFeatureFlagManager.of(registered))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is already registered with another API instance");
        } finally {
            other.shutdown();
        }
    }

    @Test
    void keepsEvaluatingWhenAListenerFails() throws Exception {
        BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
        flags.addListener(keys -> {
            throw new IllegalStateException("listener down");
        });
        flags.addListener((FlagChangeListener) changes::add);

        provider.updateFlag(
                "greeting",
                Flag.<String>builder().variant("hi", "hi").defaultVariant("hi").build());

        assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactly("greeting");
        assertThat(flags.getString("greeting", "yo", ANN)).isEqualTo("hi");
    }
}
