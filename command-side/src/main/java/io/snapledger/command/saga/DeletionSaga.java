package io.snapledger.command.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.snapledger.events.DeletionEvent.DeletionAborted;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscardReady;
import io.snapledger.events.DeletionEvent.DeviceSnapshotDiscarded;
import io.snapledger.events.DeletionEvent.DeviceSnapshotMerged;
import io.snapledger.events.DeletionEvent.SnapshotDeleted;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.command.AbortDeletion;
import io.snapledger.events.command.CheckDeviceSnapshotDiscard;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.command.DeleteLiveSnapshots;
import io.snapledger.events.model.LiveTag;
import io.snapledger.events.model.DeviceLayers;
import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.SnapshotOnDevice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Throws away the data of deleted snapshots, all devices or none: first every device checks it
 * can, changing nothing (a refusal aborts the deletion with every device as it was); only when all
 * are ready does any drop anything, and from then on the deletion only goes forward. An external
 * snapshot's frozen image is merged into the files reading from it rather than dropped.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class DeletionSaga {
    private static final String KEY = "snapshotUuid";

    private String domain;
    private CommandMetadata meta;
    private List<SnapshotOnDevice> unchecked = new ArrayList<>();
    private List<SnapshotOnDevice> remaining = new ArrayList<>();
    private Map<String, DeviceLayers> layers = new HashMap<>();
    /** A running domain's deletion: its QEMU drops these tags, one snapshot-delete job each. */
    private List<LiveTag> liveTags;

    @StartSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(DeletionStarted e, CommandGateway gateway) {
        if (e.work().isEmpty()) {
            SagaLifecycle.end();
            return;
        }
        domain = e.domain();
        meta = SagaCommands.meta(e.meta());
        unchecked = new ArrayList<>(e.work());
        remaining = new ArrayList<>(e.work());
        layers = new HashMap<>(e.deviceLayers());
        for (SnapshotOnDevice item : remaining) {
            SagaLifecycle.associateWith(KEY, item.snapshotUuid().toString());
        }
        liveTags = e.liveTags();
        if (liveTags != null) {
            unchecked.clear(); // nothing to check: a tag already gone is no error, and QEMU deletes by tag
            deleteLive(gateway, e.snapshotUuid());
        } else {
            check(gateway);
        }
    }

    private void deleteLive(CommandGateway gateway, UUID deletion) {
        List<String> devices = remaining.stream().map(item -> item.location().device()).distinct().toList();
        SagaCommands.send(gateway, new DeleteLiveSnapshots(domain, deletion, liveTags, devices, meta));
    }

    private void check(CommandGateway gateway) {
        for (SnapshotOnDevice item : unchecked) {
            SagaCommands.send(gateway, new CheckDeviceSnapshotDiscard(domain, item.snapshotUuid(), item.snapshotId(), item.location(),
                    layersFor(item), meta));
        }
    }

    private void discard(CommandGateway gateway) {
        for (SnapshotOnDevice item : remaining) {
            SagaCommands.send(gateway, new DiscardDeviceSnapshot(domain, item.snapshotUuid(), item.snapshotId(), item.location(),
                    layersFor(item), meta));
        }
    }

    /** External work needs the device's files, to find those reading from the image it removes. */
    private DeviceLayers layersFor(SnapshotOnDevice item) {
        return item.location().mode() == DiskSnapshotMode.EXTERNAL ? layers.get(item.location().device()) : null;
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotDiscardReady e, CommandGateway gateway) {
        boolean wasChecking = !unchecked.isEmpty();
        unchecked.removeIf(item -> item.snapshotUuid().equals(e.snapshotUuid())
                && item.location().device().equals(e.device()));
        if (wasChecking && unchecked.isEmpty()) {
            discard(gateway);
        }
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotDiscarded e) {
        done(e.snapshotUuid(), e.device());
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceSnapshotMerged e) {
        done(e.snapshotUuid(), e.device());
    }

    private void done(UUID snapshotUuid, String device) {
        remaining.removeIf(item -> item.snapshotUuid().equals(snapshotUuid) && item.location().device().equals(device));
    }

    /**
     * After a restart: once every device was ready, dropping goes on (dropping twice is a no-op);
     * before that nothing was changed, and the deletion is called off.
     */
    @SagaEventHandler(associationProperty = KEY)
    public void on(OperationResumed e, CommandGateway gateway) {
        if (liveTags != null) {
            deleteLive(gateway, e.snapshotUuid());
        } else if (unchecked.isEmpty()) {
            discard(gateway);
        } else {
            SagaCommands.send(gateway, new AbortDeletion(domain, e.snapshotUuid(), Interruptions.BEFORE_EVERY_DEVICE_ANSWERED,
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
        // only a check can abort, and checks change nothing
    }
}
