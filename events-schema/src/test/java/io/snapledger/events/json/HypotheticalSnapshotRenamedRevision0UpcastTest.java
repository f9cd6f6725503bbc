package io.snapledger.events.json;

import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventSamples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Proves the upcasting path end to end with before/after fixtures. Revision 0 of
 * {@code SnapshotRenamed} never existed: it is made up for this test (fields {@code snapshot},
 * {@code from}, {@code to}), and its upcaster lives here, not in production code.
 */
class HypotheticalSnapshotRenamedRevision0UpcastTest {

    /** Test-only: renames the hypothetical revision 0 fields to revision 1's. */
    static final class HypotheticalSnapshotRenamed0To1 implements EventUpcaster {

        @Override
        public String typeName() {
            return "SnapshotRenamed";
        }

        @Override
        public int fromRevision() {
            return 0;
        }

        @Override
        public ObjectNode upcast(ObjectNode payload) {
            ObjectNode next = payload.objectNode();
            next.set("domain", payload.get("domain"));
            next.set("snapshotUuid", payload.get("snapshot"));
            next.set("oldName", payload.get("from"));
            next.set("newName", payload.get("to"));
            next.set("meta", payload.get("meta"));
            return next;
        }
    }

    private final EventUpcasterChain chain = new EventUpcasterChain(List.of(new HypotheticalSnapshotRenamed0To1()));
    private final EventJson json = new EventJson(chain);


    @Test
    void upcasterTurnsTheBeforeFixtureIntoTheAfterFixture() throws IOException {
        ObjectNode before = (ObjectNode) json.mapper().readTree(UpcastFixtures.read("SnapshotRenamed.v0.hypothetical.json"));
        JsonNode after = json.mapper().readTree(UpcastFixtures.read("SnapshotRenamed.v1.after-upcast.json"));
        assertEquals(after, chain.upcast("SnapshotRenamed", 0, 1, before));
    }

    @Test
    void eventJsonReadsRevision0AsTheCurrentRecord() {
        SnapshotRenamed read = (SnapshotRenamed) json.read("SnapshotRenamed", 0,
                UpcastFixtures.read("SnapshotRenamed.v0.hypothetical.json"));
        assertEquals(EventSamples.of(SnapshotRenamed.class), read);
    }
}
