package dev.flags.experiment;

import dev.flags.spi.ExperimentEventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives, in order. */
final class RecordingSink implements ExperimentEventSink {

    final List<Object> events = new CopyOnWriteArrayList<>();
    volatile int flushes;
    volatile boolean closed;

    @Override
    public void conversion(Conversion conversion) {
        events.add(conversion);
    }

    @Override
    public void exposure(Exposure exposure) {
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

    List<Exposure> exposures() {
        return events.stream()
                .filter(Exposure.class::isInstance)
                .map(Exposure.class::cast)
                .toList();
    }

    List<Conversion> conversions() {
        return events.stream()
                .filter(Conversion.class::isInstance)
                .map(Conversion.class::cast)
                .toList();
    }
}
