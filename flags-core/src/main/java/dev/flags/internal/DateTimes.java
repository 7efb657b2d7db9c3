package dev.flags.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Reads ISO-8601 instants and dates as definitions and contexts write them. Internal. */
public final class DateTimes {

    private DateTimes() {}

    /**
     * Parses an instant: {@code 2026-03-01T09:00:00Z}, one with an offset, or a bare date
     * ({@code 2026-03-01}, read as midnight UTC).
     *
     * @param text the text
     * @return the instant, or {@code null} when the text is not one of those forms
     */
    public static @Nullable Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    /**
     * Parses a date ({@code 2026-03-01}).
     *
     * @param text the text
     * @return the date, or {@code null} when the text is not an ISO date
     */
    public static @Nullable LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
