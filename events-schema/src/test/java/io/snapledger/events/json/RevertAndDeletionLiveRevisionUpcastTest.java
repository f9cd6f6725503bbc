package io.snapledger.events.json;

import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.EventSamples;
import io.snapledger.events.RevertEvent.RevertStarted;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reverts and deletions stored before live domains read as ones that changed the images themselves. */
class RevertAndDeletionLiveRevisionUpcastTest {

    @Test
    void revertStartedRevision1ReadsWithoutLive() {
        RevertStarted read = (RevertStarted) EventJson.standard().read("RevertStarted", 1,
                UpcastFixtures.read("RevertStarted.v1.json"));
        RevertStarted sample = (RevertStarted) EventSamples.of(RevertStarted.class);
        assertEquals(new RevertStarted(sample.domain(), sample.snapshotUuid(), sample.snapshotId(),
                sample.previousCurrentUuid(), sample.devices(), sample.locations(), sample.meta()), read);
    }

    @Test
    void deletionStartedRevision2ReadsWithoutLiveTags() {
        DeletionStarted read = (DeletionStarted) EventJson.standard().read("DeletionStarted", 2,
                UpcastFixtures.read("DeletionStarted.v2.json"));
        DeletionStarted sample = (DeletionStarted) EventSamples.of(DeletionStarted.class);
        assertEquals(new DeletionStarted(sample.domain(), sample.snapshotUuid(), sample.mode(),
                sample.affectedSnapshotUuids(), sample.work(), sample.deviceLayers(), sample.meta()), read);
    }
}
