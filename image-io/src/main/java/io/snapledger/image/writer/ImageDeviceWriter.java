package io.snapledger.image.writer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link DeviceWriter} over real image files, using this module's qcow2 engine. Steps on the
 * same image run one at a time (a deletion may drop several snapshots of one device at once);
 * steps on different images run side by side.
 */
public final class ImageDeviceWriter implements DeviceWriter {
    private final ConcurrentHashMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    private <T> T oneAtATime(DeviceStep step, Work<T> work) throws IOException {
        ReentrantLock lock = locks.computeIfAbsent(step.image().toAbsolutePath().normalize(), p -> new ReentrantLock());
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DeviceResult prepare(DeviceStep step) throws IOException {
        return oneAtATime(step, () -> doPrepare(step));
    }

    @Override
    public DeviceResult commit(DeviceStep step) throws IOException {
        return oneAtATime(step, () -> doCommit(step));
    }

    @Override
    public void compensate(DeviceStep step) throws IOException {
        oneAtATime(step, () -> {
            doCompensate(step);
            return null;
        });
    }

    private DeviceResult doPrepare(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            return InternalSnapshots.take(s).withDigest(SnapshotDigests.ofInternal(s.image(), s.snapshotUuid()));
        } else if (step instanceof DeviceStep.TakeExternal s) {
            DeviceResult result = ExternalOverlays.add(s.device(), s.image(), s.overlay(),
                    new OverlayMarker(s.snapshotUuid(), s.operationId(), s.taken()));
            return result.withDigest(SnapshotDigests.ofFrozen(s.image()));
        } else if (step instanceof DeviceStep.RevertInternal s) {
            return InternalSnapshots.revert(s);
        } else if (step instanceof DeviceStep.RevertExternal s) {
            return ExternalOverlays.add(s.device(), s.image(), s.overlay(),
                    new OverlayMarker(s.snapshotUuid(), s.operationId()));
        } else if (step instanceof DeviceStep.DeleteInternal s) {
            return InternalSnapshots.checkDelete(s);
        } else if (step instanceof DeviceStep.DeleteExternal s) {
            return ExternalDeletes.check(s);
        }
        throw new IllegalArgumentException("unknown device step " + step);
    }

    private DeviceResult doCommit(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.DeleteExternal s) {
            return ExternalDeletes.merge(s);
        }
        if (step instanceof DeviceStep.RevertInternal s) {
            InternalSnapshots.finishRevert(s);
        } else if (step instanceof DeviceStep.DeleteInternal s) {
            InternalSnapshots.delete(s);
        } else if (!(step instanceof DeviceStep.TakeInternal || step instanceof DeviceStep.TakeExternal
                || step instanceof DeviceStep.RevertExternal)) {
            throw new IllegalArgumentException("unknown device step " + step);
        }
        // Takes and external reverts are final once prepared: the entry or overlay is the result.
        return new DeviceResult(step.device(), step.image(), false);
    }

    private void doCompensate(DeviceStep step) throws IOException {
        if (step instanceof DeviceStep.TakeInternal s) {
            InternalSnapshots.undoTake(s);
        } else if (step instanceof DeviceStep.TakeExternal s) {
            ExternalOverlays.remove(s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (step instanceof DeviceStep.RevertInternal s) {
            InternalSnapshots.undoRevert(s);
        } else if (step instanceof DeviceStep.RevertExternal s) {
            ExternalOverlays.remove(s.overlay(), s.snapshotUuid(), s.operationId());
        } else if (!(step instanceof DeviceStep.DeleteInternal || step instanceof DeviceStep.DeleteExternal)) {
            throw new IllegalArgumentException("unknown device step " + step);
        }
    }
}
