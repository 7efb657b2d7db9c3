package dev.flags.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.Reason;
import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventDispatcherTests {

    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    /** Blocks on its first event until released, then records every event. */
    private static final class SlowSink implements ExperimentEventSink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final RecordingSink recorded = new RecordingSink();
        volatile long millisPerEvent;

        @Override
        public void exposure(ExposureEvent exposure) {
            entered.countDown();
            try {
                release.await();
                if (millisPerEvent > 0) {
                    Thread.sleep(millisPerEvent);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            recorded.exposure(exposure);
        }

        @Override
        public void conversion(ConversionEvent conversion) {
            recorded.conversion(conversion);
        }

        @Override
        public void close() {
            recorded.close();
        }
    }

    private static ExposureEvent exposure(int i) {
        return new ExposureEvent("pricing", "discount", "user-" + i, NOW, Reason.SPLIT, null);
    }

    @Test
    void dropsAndCountsEventsWhenTheQueueIsFullWithoutBlocking() throws Exception {
        SlowSink sink = new SlowSink();
        EventDispatcher dispatcher = new EventDispatcher(List.of(sink), 4, 5_000);
        dispatcher.offer(exposure(0));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS))
                .as("the worker holds event 0 in the slow sink")
                .isTrue();

        long started = System.nanoTime();
        for (int i = 1; i <= 100; i++) {
            dispatcher.offer(exposure(i));
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(elapsedMillis).as("offering never waits for the sink").isLessThan(1_000);
        assertThat(dispatcher.queued()).isEqualTo(4);
        assertThat(dispatcher.dropped()).isEqualTo(96);

        sink.release.countDown();
        dispatcher.close();
        assertThat(sink.recorded.exposures())
                .extracting(ExposureEvent::targetingKey)
                .containsExactly("user-0", "user-1", "user-2", "user-3", "user-4");
        assertThat(sink.recorded.closed).isTrue();
        assertThat(dispatcher.delivered()).isEqualTo(5);
    }

    @Test
    void drainsTheQueueOnClose() {
        SlowSink sink = new SlowSink();
        sink.millisPerEvent = 5;
        sink.release.countDown();
        EventDispatcher dispatcher = new EventDispatcher(List.of(sink), 1_000, 10_000);
        for (int i = 0; i < 200; i++) {
            dispatcher.offer(exposure(i));
        }
        dispatcher.close();
        assertThat(sink.recorded.exposures()).hasSize(200);
        assertThat(dispatcher.dropped()).isZero();
        dispatcher.offer(exposure(200));
        assertThat(dispatcher.dropped())
                .as("a closed dispatcher takes nothing more")
                .isEqualTo(1);
    }

    @Test
    void givesUpDrainingAfterTheTimeoutAndCountsWhatIsLeft() throws Exception {
        SlowSink sink = new SlowSink();
        EventDispatcher dispatcher = new EventDispatcher(List.of(sink), 100, 100);
        for (int i = 0; i < 10; i++) {
            dispatcher.offer(exposure(i));
        }
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue();
        long started = System.nanoTime();
        dispatcher.close();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(2_000);
        assertThat(sink.recorded.exposures()).isEmpty();
        assertThat(dispatcher.dropped())
                .as("the nine still queued; the one in the sink was interrupted")
                .isEqualTo(9);
        assertThat(sink.recorded.closed).isTrue();
    }

    @Test
    void aFailingSinkDoesNotStopTheOthers() {
        ExperimentEventSink failing = new ExperimentEventSink() {
            @Override
            public void conversion(ConversionEvent conversion) {
                throw new IllegalStateException("boom");
            }
        };
        RecordingSink recording = new RecordingSink();
        EventDispatcher dispatcher = new EventDispatcher(List.of(failing, recording), 10, 5_000);
        dispatcher.offer(RecordingSink.conversion("purchase", "u1", null, NOW));
        dispatcher.offer(RecordingSink.conversion("purchase", "u2", null, NOW));
        dispatcher.close();
        assertThat(recording.conversions())
                .extracting(c -> c.context().targetingKey())
                .containsExactly("u1", "u2");
        assertThat(recording.flushes).isPositive();
    }
}
