package io.snapledger.events.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CanonicalUuidDeserializerTest {

    private final ObjectMapper mapper = EventJson.newMapper();

    /** Random UUIDs and the extremes, in lower and upper case: the fast path reads what {@code UUID} writes. */
    @Test
    void readsWhatUuidWrites() throws Exception {
        Random random = new Random(7);
        List<UUID> samples = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1),
                new UUID(Long.MIN_VALUE, Long.MAX_VALUE)));
        for (int i = 0; i < 2_000; i++) {
            samples.add(new UUID(random.nextLong(), random.nextLong()));
        }
        for (UUID uuid : samples) {
            assertEquals(uuid, CanonicalUuidDeserializer.parse(uuid.toString().toCharArray(), 0), uuid.toString());
            assertEquals(uuid, CanonicalUuidDeserializer.parse(uuid.toString().toUpperCase().toCharArray(), 0));
            assertEquals(uuid, mapper.readValue(mapper.writeValueAsString(new Holder(uuid)), Holder.class).id());
        }
    }

    @Test
    void leavesOtherFormsToJacksonsReader() throws Exception {
        UUID uuid = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        assertNull(CanonicalUuidDeserializer.parse("0f1e2d3c+4b5a-6978-8796-a5b4c3d2e1f0".toCharArray(), 0));
        assertNull(CanonicalUuidDeserializer.parse("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg".toCharArray(), 0));
        String base64 = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
        assertEquals(uuid, mapper.readValue("{\"id\":\"" + base64 + "\"}", Holder.class).id());
    }

    @Test
    void refusesWhatIsNoUuid() {
        assertThrows(InvalidFormatException.class,
                () -> mapper.readValue("{\"id\":\"0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1fg\"}", Holder.class));
        assertThrows(InvalidFormatException.class, () -> mapper.readValue("{\"id\":\"snapshot-1\"}", Holder.class));
    }

    record Holder(UUID id) {
    }
}
