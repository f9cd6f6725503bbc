package io.snapledger.command.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

/**
 * Throws away the data of deleted snapshots on their devices. Each device first checks it can, so
 * a refusal changes nothing; the aggregate records the deletion once every device has answered.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class DeletionSaga {
    private static final String KEY = "snapshotUuid";

    @StartSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(DeletionStarted e, CommandGateway gateway) {
        if (e.work().isEmpty()) {
            SagaLifecycle.end();
            return;
        }
        CommandMetadata meta = SagaCommands.meta(e.meta());
        for (SnapshotOnDevice item : e.work()) {
            SagaLifecycle.associateWith(KEY, item.snapshotUuid().toString());
        }
        for (SnapshotOnDevice item : e.work()) {
            gateway.send(new DiscardDeviceSnapshot(e.domain(), item.snapshotUuid(), item.snapshotId(), item.location(),
                    meta));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(SnapshotDeleted e) {
        // the aggregate recorded the deletion after every device answered
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(DeletionAborted e) {
        // nothing to undo: dropped entries cannot come back, the rest were never touched
    }
}
