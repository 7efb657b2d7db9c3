package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContextAndLogTests {

    @Test
    void contextsNormalizeAndCopyTheirValues() {
        List<String> tags = new ArrayList<>(List.of("a"));
        EvaluationContext context = EvaluationContext.builder()
                .targetingKey("u")
                .attribute("age", 42L)
                .attribute("score", 1.5f)
                .attribute("since", OffsetDateTime.parse("2026-01-01T10:00:00+01:00"))
                .attribute("tags", tags)
                .attribute("gone", null)
                .build();
        tags.add("b");
        assertThat(context.attributes())
                .containsEntry("age", 42)
                .containsEntry("score", 1.5)
                .containsEntry("since", Instant.parse("2026-01-01T09:00:00Z"))
                .containsEntry("tags", List.of("a"))
                .doesNotContainKey("gone");
        assertThat(context.attribute("targetingKey")).isEqualTo("u");
    }

    @Test
    void mergingLaysTheOtherContextOver() {
        EvaluationContext base = EvaluationContext.builder()
                .targetingKey("a")
                .group("g1")
                .attribute("x", 1)
                .attribute("y", 1)
                .build();
        EvaluationContext over =
                EvaluationContext.builder().group("g2").attribute("y", 2).build();
        EvaluationContext merged = base.merge(over);
        assertThat(merged.targetingKey()).isEqualTo("a");
        assertThat(merged.groups()).containsExactly("g1", "g2");
        assertThat(merged.attributes()).isEqualTo(Map.of("x", 1, "y", 2));
    }

    @Test
    void rateLimitedLogPermitsOncePerTopicAndInterval() throws Exception {
        RateLimitedLog log = new RateLimitedLog(Duration.ofMillis(200));
        assertThat(log.permits("f/FLAG_NOT_FOUND")).isTrue();
        assertThat(log.permits("f/FLAG_NOT_FOUND")).isFalse();
        assertThat(log.permits("f/TYPE_MISMATCH")).as("another kind of error").isTrue();
        assertThat(log.permits("g/FLAG_NOT_FOUND")).as("another flag").isTrue();
        Thread.sleep(250);
        assertThat(log.permits("f/FLAG_NOT_FOUND")).as("after the interval").isTrue();
    }
}
