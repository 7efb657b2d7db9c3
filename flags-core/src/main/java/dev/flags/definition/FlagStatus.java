package dev.flags.definition;

import org.jspecify.annotations.Nullable;

/**
 * Where a flag is in its lifecycle. Only {@link #ACTIVE} and {@link #SCHEDULED} (inside its window)
 * evaluate targeting; every other status serves the flag's off variant, or the caller's default when
 * it has none, with reason {@code DISABLED}.
 */
public enum FlagStatus {
    /** Evaluates targeting. */
    ACTIVE("active"),
    /** Evaluates targeting between {@code active-from} and {@code active-until}; off outside. */
    SCHEDULED("scheduled"),
    /** Being written; off. */
    DRAFT("draft"),
    /** Temporarily off. */
    PAUSED("paused"),
    /** Done with; off. Evaluations are counted and logged because code still asking is a cleanup candidate. */
    ARCHIVED("archived"),
    /** The kill switch: off, overriding schedules and everything else. */
    EMERGENCY_OFF("emergency-off");

    private final String id;

    FlagStatus(String id) {
        this.id = id;
    }

    /** The name used in definition files, for example {@code emergency-off}. */
    public String id() {
        return id;
    }

    /**
     * Looks a status up by its name in definition files.
     *
     * @param id the name, for example {@code paused}
     * @return the status, or {@code null} when no status has that name
     */
    public static @Nullable FlagStatus fromId(String id) {
        for (FlagStatus status : values()) {
            if (status.id.equals(id)) {
                return status;
            }
        }
        return null;
    }
}
