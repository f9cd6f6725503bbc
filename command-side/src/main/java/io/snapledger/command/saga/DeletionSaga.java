package io.snapledger.command.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.util.ArrayList;
import java.util.List;

/**
 * Throws away the data of deleted snapshots on their devices. Each device first checks it can, so
 * a refusal changes nothing on it; the aggregate records the deletion once every device answered.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class DeletionSaga {
    private static final String KEY = "snapshotUuid";

    private String domain;
    private CommandMetadata meta;
    private List<SnapshotOnDevice> remaining = new ArrayList<>();

    @StartSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(DeletionStarted e, CommandGateway gateway) {
        if (e.work().isEmpty()) {
            SagaLifecycle.end();
            return;
        }
        domain = e.domain();
        meta = SagaCommands.meta(e.meta());
        remaining = new ArrayList<>(e.work());
        for (SnapshotOnDevice item : remaining) {
            SagaLifecycle.associateWith(KEY, item.snapshotUuid().toString());
        }
        discard(gateway);
    }

    private void discard(CommandGateway gateway) {
        for (SnapshotOnDevice item : remaining) {
            gateway.send(new DiscardDeviceSnapshot(domain, item.snapshotUuid(), item.snapshotId(), item.location(),
                    meta));
        }
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotDiscarded e) {
        remaining.removeIf(item -> item.snapshotUuid().equals(e.snapshotUuid())
                && item.location().device().equals(e.device()));
    }

    /** After a restart: the devices that had not answered are asked again; dropping twice is a no-op. */
    @SagaEventHandler(associationProperty = KEY)
    public void on(OperationResumed e, CommandGateway gateway) {
        discard(gateway);
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
