package dev.flags.experiment;

import dev.flags.EvaluationContext;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/** Keeps every event it receives, in order. */
public final class RecordingSink implements ExperimentEventSink {

    final List<Object> events = new CopyOnWriteArrayList<>();
    volatile int flushes;
    volatile boolean closed;

    @Override
    public void conversion(ConversionEvent conversion) {
        events.add(conversion);
    }

    @Override
    public void exposure(ExposureEvent exposure) {
        events.add(exposure);
    }

    @Override
    public void flush() {
        flushes++;
    }

    @Override
    public void close() {
        closed = true;
    }

    /** A conversion of a targeting key at a given time, without details. */
    public static ConversionEvent conversion(String name, String targetingKey, @Nullable Double value, Instant time) {
        return new ConversionEvent(name, EvaluationContext.of(targetingKey), value, Map.of(), time);
    }

    List<ExposureEvent> exposures() {
        return events.stream()
                .filter(ExposureEvent.class::isInstance)
                .map(ExposureEvent.class::cast)
                .toList();
    }

    List<ConversionEvent> conversions() {
        return events.stream()
                .filter(ConversionEvent.class::isInstance)
                .map(ConversionEvent.class::cast)
                .toList();
    }
}
