package dev.flags.experiment;

import dev.flags.spi.ConversionEvent;
import dev.flags.spi.ExperimentEventSink;
import dev.flags.spi.ExposureEvent;
import java.util.function.Consumer;

/** Writes each event as one JSON line through a logger; see {@link ExperimentSinks#log()}. */
final class LogEventSink implements ExperimentEventSink {

    private final Consumer<String> lines;
    private final String name;

    LogEventSink(Consumer<String> lines, String name) {
        this.lines = lines;
        this.name = name;
    }

    @Override
    public void exposure(ExposureEvent exposure) {
        lines.accept(EventJson.exposure(exposure));
    }

    @Override
    public void conversion(ConversionEvent conversion) {
        lines.accept(EventJson.conversion(conversion));
    }

    @Override
    public String toString() {
        return "log sink (" + name + ")";
    }
}
