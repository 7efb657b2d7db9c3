package dev.flags.experiment;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Keeps the most recent events in memory, for tests, development and "recent events" views; older
 * events are discarded beyond the capacity. In-process results do not need it: {@link Experiments}
 * keeps its own per-user state. Thread-safe.
 */
public final class InMemoryEventSink implements ExperimentEventSink {

    private final int capacity;
    private final Deque<Object> events = new ArrayDeque<>();
    private long discarded;

    /**
     * A sink keeping at most {@code capacity} events.
     *
     * @param capacity how many events to keep, at least 1
     */
    public InMemoryEventSink(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 (got " + capacity + ")");
        }
        this.capacity = capacity;
    }

    @Override
    public void exposure(ExposureEvent exposure) {
        add(exposure);
    }

    @Override
    public void conversion(ConversionEvent conversion) {
        add(conversion);
    }

    private synchronized void add(Object event) {
        if (events.size() == capacity) {
            events.removeFirst();
            discarded++;
        }
        events.addLast(event);
    }

    /** The kept events, oldest first: {@link ExposureEvent}s and {@link ConversionEvent}s. */
    public synchronized List<Object> events() {
        return List.copyOf(events);
    }

    /** The kept exposures, oldest first. */
    public synchronized List<ExposureEvent> exposures() {
        List<ExposureEvent> exposures = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof ExposureEvent exposure) {
                exposures.add(exposure);
            }
        }
        return List.copyOf(exposures);
    }

    /** The kept conversions, oldest first. */
    public synchronized List<ConversionEvent> conversions() {
        List<ConversionEvent> conversions = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof ConversionEvent conversion) {
                conversions.add(conversion);
            }
        }
        return List.copyOf(conversions);
    }

    /** How many events were discarded to stay within the capacity. */
    public synchronized long discarded() {
        return discarded;
    }

    /** Forgets every kept event. */
    public synchronized void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return "in-memory sink (" + capacity + " events)";
    }
}
