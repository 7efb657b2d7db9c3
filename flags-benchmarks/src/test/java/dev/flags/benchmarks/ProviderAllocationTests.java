package dev.flags.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #13's byte target, checked in {@code verify}: through the OpenFeature {@code Client}, our
 * provider allocates no more per evaluation than the SDK's {@code InMemoryProvider} on the same
 * workload, both counted exactly in this JVM by {@link ProviderAllocation} (the per-thread
 * allocation counter over a million calls each after a warm-up; load does not move it). Bytes, not
 * time: a timing taken in a unit test on a shared machine is noise.
 */
class ProviderAllocationTests {

    @Test
    void providerAllocatesNoMoreThanInMemoryProviderOnW1W2AndW3() throws Exception {
        List<ProviderAllocation.Row> rows = ProviderAllocation.measure();

        assertThat(rows).extracting(ProviderAllocation.Row::workload).containsExactly("W1", "W2", "W3");
        for (ProviderAllocation.Row row : rows) {
            assertThat(row.ours())
                    .as(
                            "%s: flags provider %.1f B/call against InMemoryProvider %.1f B/call",
                            row.workload(), row.ours(), row.inMemory())
                    // within 1%: the average moves by a byte or so between JVMs with what the JIT
                    // compiled and escape analysis removed (W2: 208.0 in one run, 216.7 in CI, against 216)
                    .isLessThanOrEqualTo(row.inMemory() * 1.01);
            // the SDK client's own allocations are the floor of any provider: a count far below it
            // would mean the measurement did not run the calls
            assertThat(row.inMemory())
                    .as("%s: InMemoryProvider B/call", row.workload())
                    .isGreaterThan(100);
        }
    }
}
