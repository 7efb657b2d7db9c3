package dev.flags.sample;

import dev.flags.autoconfigure.FlagManagerCustomizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Pins the sample's flags to 24 November 2026, inside the experiment's window and in the 50% step of
 * the new checkout's scheduled rollout, so the tests' expectations do not change with the date.
 */
@TestConfiguration(proxyBeanMethods = false)
class SampleClock {

    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @Bean
    FlagManagerCustomizer sampleClock() {
        return builder -> builder.clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }
}
