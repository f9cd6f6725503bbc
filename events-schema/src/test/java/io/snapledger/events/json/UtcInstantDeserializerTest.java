package io.snapledger.events.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UtcInstantDeserializerTest {

    private final ObjectMapper mapper = EventJson.newMapper();

    /** Years 0000 to 9999, every precision of the fraction: the fast path reads what {@code Instant} writes. */
    @Test
    void readsWhatInstantWrites() throws Exception {
        for (Instant instant : SampleInstants.everyYearAndPrecision(5_000)) {
            assertEquals(instant, UtcInstantDeserializer.parse(instant.toString()), instant.toString());
            assertEquals(instant, mapper.readValue(mapper.writeValueAsString(new Holder(instant)), Holder.class).at());
        }
    }

    @Test
    void leavesOtherFormsToJacksonsReader() throws Exception {
        assertNull(UtcInstantDeserializer.parse("+10000-01-01T00:00:00Z"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T10:15:30+02:00"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T10:15:30.Z"));
        assertNull(UtcInstantDeserializer.parse("2024-05-01T24:00:00Z"));
        assertEquals(Instant.parse("+10000-01-01T00:00:00Z"),
                mapper.readValue("{\"at\":\"+10000-01-01T00:00:00Z\"}", Holder.class).at());
        assertEquals(Instant.parse("2024-05-01T08:15:30Z"),
                mapper.readValue("{\"at\":\"2024-05-01T10:15:30+02:00\"}", Holder.class).at());
        assertEquals(Instant.ofEpochSecond(1_714_558_530L),
                mapper.readValue("{\"at\":1714558530}", Holder.class).at());
    }

    @Test
    void refusesWhatIsNoInstant() {
        assertThrows(InvalidFormatException.class,
                () -> mapper.readValue("{\"at\":\"2024-02-30T00:00:00Z\"}", Holder.class));
        assertThrows(InvalidFormatException.class, () -> mapper.readValue("{\"at\":\"yesterday\"}", Holder.class));
    }

    record Holder(Instant at) {
    }
}
