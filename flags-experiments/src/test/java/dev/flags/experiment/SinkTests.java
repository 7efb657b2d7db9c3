package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.Reason;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExposureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkTests {

    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    @Test
    void logSinkWritesOneJsonObjectPerEvent() {
        List<String> lines = new ArrayList<>();
        LogEventSink sink = new LogEventSink(lines::add, "test");
        sink.exposure(new ExposureEvent("pricing", "discount", "u1", NOW, Reason.SPLIT, null));
        sink.exposure(new ExposureEvent(
                "pricing", "standard", "say \"hi\"\n", NOW, Reason.SPLIT, "eu", Map.of("revenue-28d", 12.5)));
        sink.conversion(RecordingSink.conversion("purchase", "u1", 49.9, NOW));
        sink.conversion(new ConversionEvent(
                "signup",
                dev.flags.EvaluationContext.of("u2"),
                null,
                Map.of("plan", "pro", "seats", 3, "trial", true, "ratio", 0.5),
                NOW));
        assertThat(lines)
                .containsExactly(
                        "{\"type\":\"exposure\",\"time\":\"2026-12-10T12:00:00Z\",\"flag\":\"pricing\","
                                + "\"variant\":\"discount\",\"targetingKey\":\"u1\",\"reason\":\"SPLIT\"}",
                        "{\"type\":\"exposure\",\"time\":\"2026-12-10T12:00:00Z\",\"flag\":\"pricing\","
                                + "\"variant\":\"standard\",\"targetingKey\":\"say \\\"hi\\\"\\n\",\"reason\":\"SPLIT\","
                                + "\"rule\":\"eu\",\"covariates\":{\"revenue-28d\":12.5}}",
                        "{\"type\":\"conversion\",\"time\":\"2026-12-10T12:00:00Z\",\"conversion\":\"purchase\","
                                + "\"targetingKey\":\"u1\",\"value\":49.9}",
                        "{\"type\":\"conversion\",\"time\":\"2026-12-10T12:00:00Z\",\"conversion\":\"signup\","
                                + "\"targetingKey\":\"u2\",\"details\":{\"plan\":\"pro\",\"ratio\":0.5,\"seats\":3,"
                                + "\"trial\":true}}");
    }

    @Test
    void slf4jLogSinkNamesItsLogger() {
        assertThat(ExperimentSinks.log().toString()).isEqualTo("log sink (dev.flags.experiments)");
    }

    @Test
    void inMemorySinkKeepsTheMostRecentEvents() {
        InMemoryEventSink sink = ExperimentSinks.inMemory(2);
        sink.exposure(new ExposureEvent("pricing", "discount", "u1", NOW, Reason.SPLIT, null));
        sink.conversion(RecordingSink.conversion("purchase", "u1", null, NOW));
        sink.exposure(new ExposureEvent("pricing", "standard", "u2", NOW, Reason.SPLIT, null));
        assertThat(sink.events()).hasSize(2);
        assertThat(sink.conversions())
                .extracting(c -> c.context().targetingKey())
                .containsExactly("u1");
        assertThat(sink.exposures()).extracting(ExposureEvent::targetingKey).containsExactly("u2");
        assertThat(sink.discarded()).isEqualTo(1);
        sink.clear();
        assertThat(sink.events()).isEmpty();
        assertThatThrownBy(() -> ExperimentSinks.inMemory(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be at least 1 (got 0)");
    }
}
