package io.snapledger.events.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.UUIDDeserializer;

import java.io.IOException;
import java.util.Arrays;
import java.util.UUID;

/**
 * Reads UUIDs. Every event names its domain's snapshots by UUID, so a rebuild reads several per
 * event; Jackson's own reader first copies the text into a {@code String} and then parses it
 * character by character through it. The canonical form ({@code 8-4-4-4-12} hex digits, as
 * {@link UUID#toString()} and Jackson write it) is read here straight from the parser's buffer;
 * anything else goes to Jackson's reader, which decides as before and reports what is wrong.
 */
final class CanonicalUuidDeserializer extends StdScalarDeserializer<UUID> {

    private static final int CANONICAL_LENGTH = 36;
    private static final UUIDDeserializer JACKSON = new UUIDDeserializer();
    /** The value of each ASCII hex digit; -1 for every other character. */
    private static final byte[] HEX_VALUES = hexValues();

    CanonicalUuidDeserializer() {
        super(UUID.class);
    }

    @Override
    public UUID deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING && parser.getTextLength() == CANONICAL_LENGTH) {
            UUID fast = parse(parser.getTextCharacters(), parser.getTextOffset());
            if (fast != null) {
                return fast;
            }
        }
        return JACKSON.deserialize(parser, context);
    }

    /** The UUID written canonically in the 36 characters at {@code from}, or null if they are not that form. */
    static UUID parse(char[] text, int from) {
        if (text[from + 8] != '-' || text[from + 13] != '-' || text[from + 18] != '-' || text[from + 23] != '-') {
            return null;
        }
        long first = hex(text, from, from + 8);
        long second = hex(text, from + 9, from + 13);
        long third = hex(text, from + 14, from + 18);
        long fourth = hex(text, from + 19, from + 23);
        long fifth = hex(text, from + 24, from + 36);
        if ((first | second | third | fourth | fifth) < 0) {
            return null;
        }
        return new UUID(first << 32 | second << 16 | third, fourth << 48 | fifth);
    }

    /** The number written by the hex digits in [from, to) (at most 12), or -1 if any is not a hex digit. */
    private static long hex(char[] text, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = text[i];
            int digit = c < HEX_VALUES.length ? HEX_VALUES[c] : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private static byte[] hexValues() {
        byte[] values = new byte['f' + 1];
        Arrays.fill(values, (byte) -1);
        for (int digit = 0; digit < 16; digit++) {
            values[Character.forDigit(digit, 16)] = (byte) digit;
            values[Character.toUpperCase(Character.forDigit(digit, 16))] = (byte) digit;
        }
        return values;
    }
}
