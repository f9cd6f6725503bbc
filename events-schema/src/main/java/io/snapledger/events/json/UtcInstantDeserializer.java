package io.snapledger.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads instants. {@code java.time}'s formatter parse is most of the cost of reading an event's
 * times, and a rebuild reads every stored event, a listing every snapshot node; so the one form
 * events and stored values are written in ({@code 2024-05-01T10:15:30Z}, optionally with a
 * fraction of up to nine digits, as {@link Instant#toString()} and Jackson write it) is read
 * directly here, and anything else goes to Jackson's own instant reader, which decides as before
 * and reports what is wrong.
 */
final class UtcInstantDeserializer extends StdScalarDeserializer<Instant> {

    private static final int SHORTEST = "0000-00-00T00:00:00Z".length();
    private static final int SECONDS_PER_DAY = 86_400;

    UtcInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            try {
                Instant fast = parse(parser.getText());
                if (fast != null) {
                    return fast;
                }
            } catch (DateTimeException e) {
                // a date that does not exist, such as February 30th: Jackson's reader says so
            }
        }
        return InstantDeserializer.INSTANT.deserialize(parser, context);
    }

    /** The instant, or null if the text is not in the fast form (then {@link Instant#parse} decides). */
    static Instant parse(String text) {
        int length = text.length();
        if (length < SHORTEST || text.charAt(length - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = fraction(text, 19, length - 1);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || nanos < 0) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The number written by the digits in [from, to), or -1 if any is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Nanoseconds of an optional {@code .fraction} in [from, to); -1 if it is malformed. */
    private static int fraction(String text, int from, int to) {
        if (from == to) {
            return 0;
        }
        int count = to - from - 1;
        if (text.charAt(from) != '.' || count < 1 || count > 9) {
            return -1;
        }
        int value = digits(text, from + 1, to);
        if (value < 0) {
            return -1;
        }
        for (int i = count; i < 9; i++) {
            value *= 10;
        }
        return value;
    }
}
