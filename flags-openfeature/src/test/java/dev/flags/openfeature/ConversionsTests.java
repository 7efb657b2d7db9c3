package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableStructure;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConversionsTests {

    private static final Instant SIGNED_UP = Instant.parse("2026-03-01T09:00:00Z");

    @Test
    void convertsTargetingKeyAndEveryKindOfAttribute() {
        MutableContext openFeature = new MutableContext("user-1");
        openFeature.add("email", "ann@example.com");
        openFeature.add("age", 42);
        openFeature.add("score", 0.75);
        openFeature.add("beta", true);
        openFeature.add("signedUp", SIGNED_UP);
        openFeature.add("roles", List.of(new Value("admin"), new Value("dev")));
        openFeature.add(
                "address",
                new ImmutableStructure(Map.of(
                        "country", new Value("NL"),
                        "geo", new Value(new ImmutableStructure(Map.of("lat", new Value(52.37)))),
                        "since", new Value(SIGNED_UP),
                        "tags", new Value(List.of(new Value(1), new Value("x"))))));

        EvaluationContext context = Conversions.toFlags(openFeature);

        assertThat(context.targetingKey()).isEqualTo("user-1");
        assertThat(context.attributes())
                .containsOnlyKeys("email", "age", "score", "beta", "signedUp", "roles", "address")
                .containsEntry("email", "ann@example.com")
                .containsEntry("age", 42)
                .containsEntry("score", 0.75)
                .containsEntry("beta", true)
                .containsEntry("signedUp", SIGNED_UP)
                .containsEntry("roles", List.of("admin", "dev"))
                .containsEntry(
                        "address",
                        Map.of(
                                "country",
                                "NL",
                                "geo",
                                Map.of("lat", 52.37),
                                "since",
                                SIGNED_UP,
                                "tags",
                                List.of(1, "x")));
    }

    @Test
    void keepsLongNumbersAsLongs() {
        ImmutableContext openFeature = new ImmutableContext("user-1", Map.of("visits", new Value(5_000_000_000L)));

        assertThat(Conversions.toFlags(openFeature).attributes()).containsEntry("visits", 5_000_000_000L);
    }

    @Test
    void readsGroupsAndEnvironmentIntoTheirOwnFields() {
        ImmutableContext openFeature = new ImmutableContext(
                "user-1",
                Map.of(
                        "groups", new Value(List.of(new Value("beta-testers"), new Value("staff"))),
                        "environment", new Value("staging")));

        EvaluationContext context = Conversions.toFlags(openFeature);

        assertThat(context.groups()).containsExactlyInAnyOrder("beta-testers", "staff");
        assertThat(context.environment()).isEqualTo("staging");
        assertThat(context.attributes()).isEmpty();
    }

    @Test
    void attributesAreAViewThatHidesTheBuiltInsAndEqualsACopy() {
        ImmutableContext openFeature = new ImmutableContext(
                "user-1",
                Map.of(
                        "country", new Value("DE"),
                        "groups", new Value("beta"),
                        "address", new Value(new ImmutableStructure(Map.of("city", new Value("Berlin"))))));

        EvaluationContext context = Conversions.toFlags(openFeature);

        assertThat(context.attributes()).isInstanceOf(OpenFeatureAttributes.class);
        assertThat(context.attributes().get("country")).isEqualTo("DE");
        assertThat(context.attributes().get("address")).isEqualTo(Map.of("city", "Berlin"));
        assertThat(context.attributes().get("targetingKey")).isNull();
        assertThat(context.attributes().containsKey("groups")).isFalse();
        assertThat(context.attributes().get("missing")).isNull();
        assertThat(context.attributes()).hasSize(2);
        EvaluationContext copied = EvaluationContext.builder()
                .targetingKey("user-1")
                .groups(Set.of("beta"))
                .attribute("country", "DE")
                .attribute("address", Map.of("city", "Berlin"))
                .build();
        assertThat(context).isEqualTo(copied).hasSameHashCodeAs(copied);
        assertThat(copied).isEqualTo(context);
    }

    @Test
    void readsOneGroupGivenAsAString() {
        ImmutableContext openFeature = new ImmutableContext(Map.of("groups", new Value("staff")));

        assertThat(Conversions.toFlags(openFeature).groups()).containsExactly("staff");
    }

    @Test
    void keepsGroupsOfAnotherShapeAsAnAttribute() {
        ImmutableContext openFeature = new ImmutableContext(Map.of("groups", new Value(List.of(new Value(1)))));

        EvaluationContext context = Conversions.toFlags(openFeature);

        assertThat(context.groups()).isEmpty();
        assertThat(context.attributes()).containsEntry("groups", List.of(1));
    }

    @Test
    void dropsNullAttributesAndBlankTargetingKeys() {
        MutableContext openFeature = new MutableContext(" ");
        openFeature.add("email", (String) null);

        EvaluationContext context = Conversions.toFlags(openFeature);

        assertThat(context).isEqualTo(EvaluationContext.EMPTY);
    }

    @Test
    void treatsNoContextAsTheEmptyOne() {
        assertThat(Conversions.toFlags(null)).isEqualTo(EvaluationContext.EMPTY);
    }

    @Test
    void roundTripsAContextWithoutLoss() {
        EvaluationContext context = EvaluationContext.builder()
                .targetingKey("user-1")
                .group("staff", "beta")
                .environment("prod")
                .attribute("age", 42)
                .attribute("visits", 5_000_000_000L)
                .attribute("score", 0.5)
                .attribute("signedUp", SIGNED_UP)
                .attribute("plan", Map.of("name", "pro", "seats", List.of(1, 2, Map.of("x", true))))
                .build();

        EvaluationContext back = Conversions.toFlags(Conversions.toOpenFeature(context));

        assertThat(back).isEqualTo(context);
        assertThat(back.groups()).isEqualTo(Set.of("staff", "beta"));
    }

    @Test
    void convertsObjectValuesBothWays() {
        Map<String, Object> object = Map.of(
                "title", "Pics", "perPage", 100, "ratio", 0.5, "on", true, "items", List.of(Map.of("id", 1), "two"));

        Value value = Conversions.toValue(object);

        assertThat(value.isStructure()).isTrue();
        assertThat(value.asStructure()
                        .getValue("items")
                        .asList()
                        .get(0)
                        .asStructure()
                        .getValue("id")
                        .asInteger())
                .isEqualTo(1);
        assertThat(Conversions.toJava(value)).isEqualTo(object);
    }

    @Test
    void convertsListsAndNullsToValues() {
        assertThat(Conversions.toValue(List.of(1, "a")).asList()).containsExactly(new Value(1), new Value("a"));
        assertThat(Conversions.toValue(null).isNull()).isTrue();
        assertThat(Conversions.toJava(new Value())).isNull();
    }
}
