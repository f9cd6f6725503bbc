package io.snapledger.cli.snapshots;

import io.snapledger.cli.BadUsageException;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A time typed on the command line ({@code --since}, {@code --until}, {@code --as-of}): an
 * ISO-8601 instant ({@code 2026-11-22T10:00:00Z}), a time with an offset
 * ({@code 2026-11-22T11:00+01:00}), a local time ({@code '2026-11-22 11:00:00'}) or a date alone,
 * in the machine's zone.
 */
final class TimeArgument {
    static final String FORMS = "use 2026-11-22, '2026-11-22 10:15:30' (local time), 2026-11-22T10:15:30Z "
            + "or 2026-11-22T11:15:30+01:00";

    private TimeArgument() {
    }

    /**
     * @param endOfDay whether a date alone means its last instant (an upper bound: "until that day")
     *                 rather than its first
     */
    static Instant parse(String text, String option, boolean endOfDay) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            // try the other forms
        }
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException notOffset) {
            // try the other forms
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notLocal) {
            // try a date
        }
        try {
            LocalDate date = LocalDate.parse(text);
            return endOfDay ? date.plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant().minusNanos(1)
                    : date.atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notADate) {
            throw new BadUsageException(option + " " + text + ": not a time; " + FORMS);
        }
    }
}
