package io.snapledger.query;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UtcInstantDeserializerTest {

    private final StoreJson json = new StoreJson("test store");

    /** Years 0000 to 9999, every nanosecond precision: the fast path reads what {@link Instant#toString} writes. */
    @Property(tries = 2000)
    void readsWhatInstantWrites(@ForAll @LongRange(min = -62_167_219_200L, max = 253_402_300_799L) long seconds,
                                @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        Instant instant = Instant.ofEpochSecond(seconds, nanos);

        assertEquals(instant, UtcInstantDeserializer.parse(instant.toString()));
        assertEquals(instant, json.read(json.write(new Holder(instant)), Holder.class).at());
    }

    @Test
    void leavesOtherFormsToInstantParse() {
        assertNull(UtcInstantDeserializer.parse("+10000-01-01T00:00:00Z"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T10:15:30+02:00"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T10:15:30.Z"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T24:00:00Z"));
        assertEquals(Instant.parse("+10000-01-01T00:00:00Z"),
                json.read("{\"at\":\"+10000-01-01T00:00:00Z\"}".getBytes(), Holder.class).at());
    }

    @Test
    void refusesWhatIsNoInstant() {
        assertThrows(ProjectionException.class, () -> json.read("{\"at\":\"2024-02-30T00:00:00Z\"}".getBytes(), Holder.class));
        assertThrows(ProjectionException.class, () -> json.read("{\"at\":\"yesterday\"}".getBytes(), Holder.class));
    }

    record Holder(Instant at) {
    }
}
