package io.snapledger.events.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes instants exactly as {@link Instant#toString()} and Jackson's own instant writer do
 * ({@code 2024-05-01T10:15:30Z}, a fraction in groups of three digits when there is one), without
 * {@code java.time}'s formatter, which was most of the cost of writing a snapshot node. Years
 * outside 0000–9999 go through {@link Instant#toString()}.
 */
final class UtcInstantSerializer extends StdScalarSerializer<Instant> {

    private static final long YEAR_0000 = -62_167_219_200L;
    private static final long YEAR_10000 = 253_402_300_800L;
    private static final int SECONDS_PER_DAY = 86_400;

    UtcInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant instant, JsonGenerator generator, SerializerProvider provider) throws IOException {
        char[] text = new char[30];
        int length = format(instant, text);
        if (length < 0) {
            generator.writeString(instant.toString());
        } else {
            generator.writeString(text, 0, length);
        }
    }

    /** Writes the instant into {@code text} and returns its length, or -1 for a year outside 0000–9999. */
    static int format(Instant instant, char[] text) {
        long seconds = instant.getEpochSecond();
        if (seconds < YEAR_0000 || seconds >= YEAR_10000) {
            return -1;
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int at = digits(text, 0, date.getYear(), 4);
        text[at++] = '-';
        at = digits(text, at, date.getMonthValue(), 2);
        text[at++] = '-';
        at = digits(text, at, date.getDayOfMonth(), 2);
        text[at++] = 'T';
        at = digits(text, at, secondOfDay / 3600, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay / 60 % 60, 2);
        text[at++] = ':';
        at = digits(text, at, secondOfDay % 60, 2);
        at = fraction(text, at, instant.getNano());
        text[at++] = 'Z';
        return at;
    }

    /** The nanoseconds as {@code .ddd}, {@code .dddddd} or {@code .ddddddddd}, the fewest groups that hold them. */
    private static int fraction(char[] text, int at, int nanos) {
        if (nanos == 0) {
            return at;
        }
        text[at++] = '.';
        if (nanos % 1_000_000 == 0) {
            return digits(text, at, nanos / 1_000_000, 3);
        }
        if (nanos % 1_000 == 0) {
            return digits(text, at, nanos / 1_000, 6);
        }
        return digits(text, at, nanos, 9);
    }

    /** {@code value} as exactly {@code width} decimal digits, zero-padded. */
    private static int digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
