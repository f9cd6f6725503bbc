package io.snapledger.events.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Events' instants are written character for character as Jackson's own instant writer writes them. */
class UtcInstantSerializerTest {

    private static final long YEAR_0000 = -62_167_219_200L;
    private static final long YEAR_9999_END = 253_402_300_799L;

    private final ObjectMapper ours = EventJson.newMapper();
    private final ObjectMapper jacksons = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void givenInstantsOfEveryYearAndPrecision_whenWritten_thenAsJacksonWritesThem() throws Exception {
        Random random = new Random(20261122);
        for (int i = 0; i < 20_000; i++) {
            long seconds = YEAR_0000 + (long) (random.nextDouble() * (YEAR_9999_END - YEAR_0000));
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                case 3 -> random.nextInt(10) * 100_000_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertWrittenAsJacksonDoes(Instant.ofEpochSecond(seconds, nanos));
        }
    }

    @Test
    void givenTheEdgesOfTheFastForm_whenWritten_thenAsJacksonWritesThem() throws Exception {
        for (Instant edge : new Instant[] {Instant.ofEpochSecond(YEAR_0000), Instant.ofEpochSecond(YEAR_0000 - 1),
                Instant.ofEpochSecond(YEAR_9999_END, 999_999_999), Instant.ofEpochSecond(YEAR_9999_END + 1),
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
