package io.snapledger.command.saga;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.snapledger.events.RecoveryEvent.OperationResumed;
import io.snapledger.events.RevertEvent.DeviceRevertCompensated;
import io.snapledger.events.RevertEvent.DeviceRevertFailed;
import io.snapledger.events.RevertEvent.DeviceReverted;
import io.snapledger.events.RevertEvent.RevertAborted;
import io.snapledger.events.RevertEvent.RevertCompleted;
import io.snapledger.events.RevertEvent.RevertStarted;
import io.snapledger.events.command.AbortRevert;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.CommitDeviceRevert;
import io.snapledger.events.command.CompensateDeviceRevert;
import io.snapledger.events.command.LoadLiveSnapshot;
import io.snapledger.events.model.LiveRevert;
import io.snapledger.events.command.RevertDevice;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * All-or-nothing revert of several devices: each device reverts keeping a way back; if any fails,
 * every device goes back; when all succeeded, the ways back are released.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
public class RevertSaga {
    private static final String KEY = "snapshotUuid";

    private String domain;
    private UUID snapshotUuid;
    private long snapshotId;
    private CommandMetadata meta;
    private Map<String, DeviceLocation> targets = new LinkedHashMap<>();
    private Map<String, String> newOverlays = new LinkedHashMap<>();
    private Set<String> awaitingRevert = new LinkedHashSet<>();
    private Set<String> awaitingCompensation = new LinkedHashSet<>();
    private String failure;
    private boolean committing;
    /** A running domain's revert: one snapshot-load job, which the aggregate completes from. */
    private LiveRevert live;

    @StartSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(RevertStarted e, CommandGateway gateway) {
        domain = e.domain();
        snapshotUuid = e.snapshotUuid();
        snapshotId = e.snapshotId();
        meta = SagaCommands.meta(e.meta());
        e.locations().forEach(at -> targets.put(at.device(), at));
        for (DevicePlan plan : e.devices()) {
            if (plan.file() != null) {
                newOverlays.put(plan.device(), plan.file());
            }
            awaitingRevert.add(plan.device());
        }
        live = e.live();
        revert(gateway);
    }

    private void revert(CommandGateway gateway) {
        if (live != null) {
            SagaCommands.send(gateway, new LoadLiveSnapshot(domain, snapshotUuid, live, List.copyOf(targets.keySet()), meta));
            return;
        }
        for (String device : awaitingRevert) {
            SagaCommands.send(gateway, new RevertDevice(domain, snapshotUuid, snapshotId, targets.get(device),
                    newOverlays.get(device), meta));
        }
    }

    /**
     * After a restart: once every device had reverted, the ways back are released (again; it is
     * idempotent); before that, every device goes back, whether or not it had answered.
     */
    @SagaEventHandler(associationProperty = KEY)
    public void on(OperationResumed e, CommandGateway gateway) {
        if (live != null) {
            revert(gateway); // loading the same snapshot again ends in the same state
            return;
        }
        if (committing) {
            commit(gateway);
            return;
        }
        if (awaitingCompensation.isEmpty()) {
            awaitingRevert.clear();
            failure = failure != null ? failure : Interruptions.BEFORE_EVERY_DEVICE_ANSWERED;
            awaitingCompensation.addAll(targets.keySet());
        }
        compensate(gateway);
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceReverted e, CommandGateway gateway) {
        awaitingRevert.remove(e.device());
        if (live != null) {
            return; // QEMU's job reverted them all at once; the aggregate completed the revert with them
        }
        compensateOnceAllAnswered(gateway);
        commitOnceAllReverted(gateway);
    }

    /** Every device reverted: each lets go of its way back, and then the revert completes. */
    private void commitOnceAllReverted(CommandGateway gateway) {
        if (failure != null || !awaitingRevert.isEmpty() || committing) {
            return;
        }
        committing = true;
        commit(gateway);
    }

    private void commit(CommandGateway gateway) {
        for (String device : targets.keySet()) {
            SagaCommands.send(gateway, new CommitDeviceRevert(domain, snapshotUuid, snapshotId, targets.get(device),
                    newOverlays.get(device), meta));
        }
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceRevertFailed e, CommandGateway gateway) {
        awaitingRevert.remove(e.device());
        if (failure == null) {
            failure = "device " + e.device() + " failed (" + e.errorCode() + "): " + e.message();
        }
        compensateOnceAllAnswered(gateway);
    }

    private void compensateOnceAllAnswered(CommandGateway gateway) {
        if (failure == null || !awaitingRevert.isEmpty() || !awaitingCompensation.isEmpty()) {
            return;
        }
        awaitingCompensation.addAll(targets.keySet());
        compensate(gateway);
    }

    private void compensate(CommandGateway gateway) {
        for (String device : awaitingCompensation) {
            SagaCommands.send(gateway, new CompensateDeviceRevert(domain, snapshotUuid, snapshotId, targets.get(device),
                    newOverlays.get(device), meta));
        }
    }

    @SagaEventHandler(associationProperty = KEY)
    public void on(DeviceRevertCompensated e, CommandGateway gateway) {
        if (awaitingCompensation.remove(e.device()) && awaitingCompensation.isEmpty()) {
            SagaCommands.send(gateway, new AbortRevert(domain, snapshotUuid, failure, meta));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(RevertCompleted e) {
        // every device reverted and let go of its way back
    }

    @EndSaga
    @SagaEventHandler(associationProperty = KEY)
    public void on(RevertAborted e) {
        // every device is back where it was
    }
}
