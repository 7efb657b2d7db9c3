package dev.flags.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * Flags that are candidates for cleanup, from {@link FlagAdmin#staleFlags}.
 *
 * @param generated when the report was made
 * @param findings one entry per flag and reason, ordered by key then reason
 */
public record StaleFlagReport(Instant generated, List<StaleFlag> findings) {

    /** Checks and copies the components. */
    public StaleFlagReport {
        requireNonNull(generated, "generated");
        findings = List.copyOf(findings);
    }

    /** The findings for one reason. */
    public List<StaleFlag> findings(StaleFlag.Reason reason) {
        return findings.stream().filter(f -> f.reason() == reason).toList();
    }
}
