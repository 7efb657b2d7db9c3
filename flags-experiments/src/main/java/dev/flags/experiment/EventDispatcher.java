package dev.flags.experiment;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to sinks on one background thread through a bounded queue. Offering never blocks:
 * when the queue is full the event is dropped and counted. Closing stops intake, lets the worker
 * drain what is queued (up to a timeout), then closes the sinks.
 */
final class EventDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Experiments.class);
    private static final int BATCH = 256;
    private static final long LOG_INTERVAL_MILLIS = 60_000;

    private final List<ExperimentEventSink> sinks;
    private final BlockingQueue<Object> queue;
    private final long drainTimeoutMillis;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final Thread worker;
    private volatile boolean closed;
    private volatile long lastFailureLog = Long.MIN_VALUE;
    private volatile long lastDropLog = Long.MIN_VALUE;

    EventDispatcher(List<ExperimentEventSink> sinks, int capacity, long drainTimeoutMillis) {
        this.sinks = List.copyOf(sinks);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.drainTimeoutMillis = drainTimeoutMillis;
        this.worker = new Thread(this::run, "flags-experiment-events");
        this.worker.setDaemon(true);
        if (!this.sinks.isEmpty()) {
            worker.start();
        }
    }

    /** Queues an event for the sinks; drops and counts it when the queue is full or closed. */
    void offer(Object event) {
        if (sinks.isEmpty()) {
            return;
        }
        if (closed || !queue.offer(event)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            if (now - lastDropLog >= LOG_INTERVAL_MILLIS) {
                lastDropLog = now;
                log.warn(
                        "Experiment event queue is full or closed; dropping events ({} dropped so far)", dropped.sum());
            }
        }
    }

    long dropped() {
        return dropped.sum();
    }

    long delivered() {
        return delivered.sum();
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        while (true) {
            Object first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) { // close() gave up waiting; what is left is counted as dropped
                abandon(0, batch);
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, BATCH - 1);
            if (!deliver(batch)) {
                return;
            }
            batch.clear();
        }
    }

    /** Hands a batch to every sink; {@code false} when interrupted, with the rest counted as dropped. */
    private boolean deliver(List<Object> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                abandon(i, batch);
                return false;
            }
            Object event = batch.get(i);
            for (ExperimentEventSink sink : sinks) {
                try {
                    if (event instanceof ExposureEvent exposure) {
                        sink.exposure(exposure);
                    } else {
                        sink.conversion((ConversionEvent) event);
                    }
                } catch (RuntimeException e) { // a failing sink must not stop the others or later events
                    failed(sink, e);
                }
            }
            delivered.increment();
        }
        for (ExperimentEventSink sink : sinks) {
            try {
                sink.flush();
            } catch (RuntimeException e) { // as above
                failed(sink, e);
            }
        }
        return true;
    }

    private void abandon(int from, List<Object> batch) {
        dropped.add(batch.size() - from + queue.size());
        queue.clear();
        batch.clear();
        Thread.currentThread().interrupt();
    }

    private void failed(ExperimentEventSink sink, RuntimeException e) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog >= LOG_INTERVAL_MILLIS) {
            lastFailureLog = now;
            log.error("Experiment event sink {} failed", sink, e);
        }
    }

    /** Stops intake, drains the queue (at most the drain timeout), then closes the sinks. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (worker.isAlive()) {
            try {
                worker.join(drainTimeoutMillis);
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(drainTimeoutMillis);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ExperimentEventSink sink : sinks) {
            try {
                sink.close();
            } catch (RuntimeException e) { // closing is best effort; keep closing the others
                log.warn("Could not close experiment event sink {}", sink, e);
            }
        }
    }
}
