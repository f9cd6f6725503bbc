package io.snapledger.command.device;

import io.snapledger.events.command.AbortDeletion;
import io.snapledger.events.command.CheckDeviceSnapshotDiscard;
import io.snapledger.events.command.CommitDeviceRevert;
import io.snapledger.events.command.CompensateDeviceRevert;
import io.snapledger.events.command.CompensateDeviceSnapshot;
import io.snapledger.events.command.DiscardDeviceSnapshot;
import io.snapledger.events.command.PrepareDeviceSnapshot;
import io.snapledger.events.command.RecordDeviceCompensated;
import io.snapledger.events.command.RecordDeviceFailed;
import io.snapledger.events.command.RecordDevicePrepared;
import io.snapledger.events.command.RecordDeviceRevertCommitted;
import io.snapledger.events.command.RecordDeviceRevertCompensated;
import io.snapledger.events.command.RecordDeviceRevertFailed;
import io.snapledger.events.command.RecordDeviceReverted;
import io.snapledger.events.command.RecordDeviceSnapshotDiscardReady;
import io.snapledger.events.command.RecordDeviceSnapshotDiscarded;
import io.snapledger.events.command.RecordDeviceSnapshotMerged;
import io.snapledger.events.command.RevertDevice;
import io.snapledger.image.writer.DeviceResult;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.DeviceWriter;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries device work commands out through the {@link DeviceWriter} port and reports each outcome
 * to the {@code Domain} aggregate as a Record* command. A failure is a report too, never lost: the
 * aggregate and the saga decide what follows.
 */
public class DeviceWorkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorkHandler.class);
    private final DeviceWriter writer;
    private final CommandGateway gateway;

    public DeviceWorkHandler(DeviceWriter writer, CommandGateway gateway) {
        this.writer = writer;
        this.gateway = gateway;
    }

    @CommandHandler
    public void handle(PrepareDeviceSnapshot c) {
        try {
            DeviceResult result = writer.prepare(DeviceSteps.take(c));
            String file = c.location().overlay() == null ? null : result.activeImage().toString();
            report(new RecordDevicePrepared(c.domain(), c.snapshotUuid(), c.device(), c.location().mode(), file,
                    result.contentDigest(), c.meta()));
        } catch (Exception e) {
            report(new RecordDeviceFailed(c.domain(), c.snapshotUuid(), c.device(), ErrorCodes.of(e), ErrorCodes.message(e),
                    c.meta()));
        }
    }

    @CommandHandler
    public void handle(CompensateDeviceSnapshot c) throws Exception {
        Retries.run("compensate " + c.device(), () -> writer.compensate(DeviceSteps.take(c)));
        report(new RecordDeviceCompensated(c.domain(), c.snapshotUuid(), c.device(), c.meta()));
    }

    @CommandHandler
    public void handle(RevertDevice c) {
        try {
            DeviceResult result = writer.prepare(DeviceSteps.revert(c.snapshotUuid(), c.snapshotId(), c.target(),
                    c.newOverlay(), c.meta()));
            String newActive = c.newOverlay() == null ? null : result.activeImage().toString();
            report(new RecordDeviceReverted(c.domain(), c.snapshotUuid(), c.device(), newActive, c.meta()));
        } catch (Exception e) {
            report(new RecordDeviceRevertFailed(c.domain(), c.snapshotUuid(), c.device(), ErrorCodes.of(e),
                    ErrorCodes.message(e), c.meta()));
        }
    }

    @CommandHandler
    public void handle(CompensateDeviceRevert c) throws Exception {
        Retries.run("compensate revert of " + c.device(), () -> writer.compensate(
                DeviceSteps.revert(c.snapshotUuid(), c.snapshotId(), c.target(), c.newOverlay(), c.meta())));
        report(new RecordDeviceRevertCompensated(c.domain(), c.snapshotUuid(), c.device(), c.meta()));
    }

    @CommandHandler
    public void handle(CommitDeviceRevert c) throws Exception {
        Retries.run("release the safety point of " + c.device(), () -> writer.commit(
                DeviceSteps.revert(c.snapshotUuid(), c.snapshotId(), c.target(), c.newOverlay(), c.meta())));
        report(new RecordDeviceRevertCommitted(c.domain(), c.snapshotUuid(), c.device(), c.meta()));
    }

    @CommandHandler
    public void handle(CheckDeviceSnapshotDiscard c) {
        try {
            writer.prepare(DeviceSteps.delete(c.snapshotUuid(), c.snapshotId(), c.location(), c.layers(), c.meta()));
            report(new RecordDeviceSnapshotDiscardReady(c.domain(), c.snapshotUuid(), c.device(), c.meta()));
        } catch (Exception e) {
            report(new AbortDeletion(c.domain(), c.snapshotUuid(), "device " + c.device() + " cannot drop it ("
                    + ErrorCodes.of(e) + "): " + ErrorCodes.message(e), c.meta()));
        }
    }

    /** Every device is ready: from here the deletion only goes forward, retried until it is done. */
    @CommandHandler
    public void handle(DiscardDeviceSnapshot c) throws Exception {
        DeviceStep step = DeviceSteps.delete(c.snapshotUuid(), c.snapshotId(), c.location(), c.layers(), c.meta());
        if (step instanceof DeviceStep.DeleteExternal external) {
            DeviceResult result = Retries.run("merge the frozen image of " + c.device(), () -> writer.commit(step));
            String active = result.activeImage().equals(external.image()) ? null : result.activeImage().toString();
            report(new RecordDeviceSnapshotMerged(c.domain(), c.snapshotUuid(), c.device(), active, c.meta()));
        } else {
            Retries.run("drop the entry on " + c.device(), () -> writer.commit(step));
            report(new RecordDeviceSnapshotDiscarded(c.domain(), c.snapshotUuid(), c.device(), c.meta()));
        }
    }

    private void report(Object command) {
        gateway.send(command).exceptionally(failure -> {
            // expected when work resent after a restart answers an operation that has since ended
            LOG.warn("report {} was not taken: {}", command.getClass().getSimpleName(), failure.getMessage());
            return null;
        });
    }
}
