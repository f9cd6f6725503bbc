package io.snapledger.events.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Events' instants are written character for character as Jackson's own instant writer writes them. */
class UtcInstantSerializerTest {

    private final ObjectMapper ours = EventJson.newMapper();
    private final ObjectMapper jacksons = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void givenInstantsOfEveryYearAndPrecision_whenWritten_thenAsJacksonWritesThem() throws Exception {
        for (Instant instant : SampleInstants.everyYearAndPrecision(20_000)) {
            assertWrittenAsJacksonDoes(instant);
        }
    }

    @Test
    void givenTheEdgesOfTheFastForm_whenWritten_thenAsJacksonWritesThem() throws Exception {
        long first = SampleInstants.YEAR_0000;
        long last = SampleInstants.YEAR_9999_END;
        for (Instant edge : new Instant[] {Instant.ofEpochSecond(first), Instant.ofEpochSecond(first - 1),
                Instant.ofEpochSecond(last, 999_999_999), Instant.ofEpochSecond(last + 1),
                Instant.EPOCH, Instant.ofEpochSecond(-1, 1), Instant.MIN, Instant.MAX,
                Instant.parse("2024-02-29T23:59:59.000000001Z")}) {
            assertWrittenAsJacksonDoes(edge);
        }
    }

    private void assertWrittenAsJacksonDoes(Instant instant) throws Exception {
        assertEquals(jacksons.writeValueAsString(new Holder(instant)), ours.writeValueAsString(new Holder(instant)),
                instant::toString);
    }

    record Holder(Instant at) {
    }
}
