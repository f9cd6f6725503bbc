package io.snapledger.image.writer;

import java.io.IOException;

/** The {@link DeviceWriter} over real image files, using this module's qcow2 engine. */
public final class ImageDeviceWriter implements DeviceWriter {

    @Override
    public DeviceResult prepare(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            return InternalSnapshots.take(s);
        } else if (step instanceof DeviceStep.TakeExternal s) {
            return ExternalOverlays.add(s.device(), s.image(), s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (step instanceof DeviceStep.RevertInternal s) {
            return InternalSnapshots.revert(s);
        } else if (step instanceof DeviceStep.RevertExternal s) {
            return ExternalOverlays.add(s.device(), s.image(), s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (step instanceof DeviceStep.DeleteInternal s) {
            return InternalSnapshots.checkDelete(s);
        }
        throw new IllegalArgumentException("unknown device step " + step);
    }

    @Override
    public void commit(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.RevertInternal s) {
            InternalSnapshots.finishRevert(s);
        } else if (step instanceof DeviceStep.DeleteInternal s) {
            InternalSnapshots.delete(s);
        } else if (!(step instanceof DeviceStep.TakeInternal || step instanceof DeviceStep.TakeExternal
                || step instanceof DeviceStep.RevertExternal)) {
            throw new IllegalArgumentException("unknown device step " + step);
        }
        // Takes and external reverts are final once prepared: the entry or overlay is the result.
    }

    @Override
    public void compensate(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            InternalSnapshots.undoTake(s);
        } else if (step instanceof DeviceStep.TakeExternal s) {
            ExternalOverlays.remove(s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (step instanceof DeviceStep.RevertInternal s) {
            InternalSnapshots.undoRevert(s);
        } else if (step instanceof DeviceStep.RevertExternal s) {
            ExternalOverlays.remove(s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (!(step instanceof DeviceStep.DeleteInternal)) {
            throw new IllegalArgumentException("unknown device step " + step);
        }
    }
}
