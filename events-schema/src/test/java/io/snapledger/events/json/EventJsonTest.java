package io.snapledger.events.json;

import io.snapledger.events.DomainEvent;
import io.snapledger.events.EventSamples;
import io.snapledger.events.SnapshotCreationEvent.DeviceSnapshotPrepared;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.UnknownEventTypeException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventJsonTest {

    private final EventJson json = EventJson.standard();
    private final SnapshotCompleted completed = new SnapshotCompleted(EventSamples.DOMAIN, EventSamples.SNAPSHOT,
            EventSamples.meta());

    @Test
    void timesAreIso8601Strings() throws Exception {
        ObjectNode tree = (ObjectNode) json.mapper().readTree(json.write(completed));
        assertEquals("2024-05-01T10:15:30Z", tree.get("meta").get("occurredAt").asText());
    }

    @Test
    void noJavaClassNameReachesTheWire() {
        for (DomainEvent event : EventSamples.all()) {
            String payload = json.write(event);
            assertFalse(payload.contains("@class"), payload);
            assertFalse(payload.contains("io.snapledger"), payload);
            assertFalse(payload.contains(event.getClass().getSimpleName()), payload);
        }
    }

    @Test
    void unknownPropertiesAreIgnoredSoOldReadersSurviveAdditions() throws Exception {
        ObjectNode tree = (ObjectNode) json.mapper().readTree(json.write(completed));
        tree.put("addedInALaterRevision", "whatever");
        tree.withObject("/meta").put("traceId", "abc");
        assertEquals(completed, json.read("SnapshotCompleted", 1, tree.toString()));
    }

    @Test
    void aPreparedDeviceWrittenWithoutAContentDigestReadsWithNone() throws Exception {
        DeviceSnapshotPrepared prepared = (DeviceSnapshotPrepared) EventSamples.of(DeviceSnapshotPrepared.class);
        ObjectNode tree = (ObjectNode) json.mapper().readTree(json.write(prepared));
        tree.remove("contentDigest");
        DeviceSnapshotPrepared read = (DeviceSnapshotPrepared) json.read("DeviceSnapshotPrepared", 1, tree.toString());
        assertEquals(null, read.contentDigest());
        assertEquals(prepared.file(), read.file());
    }

    @Test
    void aNewerRevisionIsReadAsTheCurrentOne() throws Exception {
        ObjectNode tree = (ObjectNode) json.mapper().readTree(json.write(completed));
        tree.put("completedDevices", 2);
        assertEquals(completed, json.read("SnapshotCompleted", 2, tree.toString()));
    }

    @Test
    void bytesAreUtf8() {
        SnapshotStarted started = (SnapshotStarted) EventSamples.of(SnapshotStarted.class);
        byte[] bytes = json.writeBytes(started);
        assertEquals(json.write(started), new String(bytes, StandardCharsets.UTF_8));
        assertEquals(started, json.read("SnapshotStarted", 1, bytes));
    }

    @Test
    void everyEventReadFromItsBytesAtTheCurrentRevisionIsItself() {
        for (DomainEvent event : EventSamples.all()) {
            SerializedEvent serialized = json.serialize(event);
            assertEquals(event, json.read(serialized.typeName(), serialized.revision(), json.writeBytes(event)));
        }
    }

    @Test
    void bytesAtAnOldRevisionAreUpcastBeforeTheyAreRead() {
        byte[] stored = UpcastFixtures.read("DeletionStarted.v1.json").getBytes(StandardCharsets.UTF_8);
        assertEquals(json.read("DeletionStarted", 1, new String(stored, StandardCharsets.UTF_8)),
                json.read("DeletionStarted", 1, stored));
    }

    @Test
    void bytesThatAreNotJsonAreReportedAsUnparsable() {
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 1, "{\"domain\": ".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("cannot parse SnapshotCompleted revision 1: "), e.getMessage());
    }

    @Test
    void bytesThatAreNotAnObjectAreRefused() {
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 1, " [1, 2]".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void unknownTypeIsRefusedByName() {
        assertThrows(UnknownEventTypeException.class, () -> json.read("SnapshotExploded", 1, "{}"));
    }

    @Test
    void anOldRevisionWithoutUpcasterIsRefused() {
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 0, json.write(completed)));
        assertTrue(e.getMessage().contains("no upcaster for SnapshotCompleted from revision 0"), e.getMessage());
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRefused() {
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 1, "[1, 2]"));
        assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
    }

    @Test
    void aMissingRequiredPropertyIsReportedInTheRecordsOwnWords() throws Exception {
        ObjectNode tree = (ObjectNode) json.mapper().readTree(json.write(completed));
        tree.remove("snapshotUuid");
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 1, tree.toString()));
        assertEquals("cannot read SnapshotCompleted revision 1: snapshotUuid must not be null", e.getMessage());
    }

    @Test
    void malformedJsonIsReportedWithTypeAndRevision() {
        EventSerializationException e = assertThrows(EventSerializationException.class,
                () -> json.read("SnapshotCompleted", 1, "{\"domain\": "));
        assertTrue(e.getMessage().startsWith("cannot parse SnapshotCompleted revision 1"), e.getMessage());
    }
}
