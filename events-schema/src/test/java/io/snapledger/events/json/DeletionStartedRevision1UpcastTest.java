package io.snapledger.events.json;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.EventSamples;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A deletion stored at revision 1 (before external deletes) still reads, with no device layers. */
class DeletionStartedRevision1UpcastTest {


    @Test
    void revision1ReadsAsTheCurrentRecordWithoutLayers() {
        DeletionStarted read = (DeletionStarted) EventJson.standard().read("DeletionStarted", 1,
                UpcastFixtures.read("DeletionStarted.v1.json"));
        DeletionStarted sample = (DeletionStarted) EventSamples.of(DeletionStarted.class);
        DeletionStarted expected = new DeletionStarted(sample.domain(), sample.snapshotUuid(), sample.mode(),
                sample.affectedSnapshotUuids(), sample.work(), Map.of(), sample.meta());
        assertEquals(expected, read);
    }
}
