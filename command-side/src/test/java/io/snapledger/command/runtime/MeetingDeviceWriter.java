package io.snapledger.command.runtime;

import io.snapledger.image.writer.DeviceResult;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.DeviceWriter;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * A device writer whose prepare steps wait for each other: they only succeed if {@code parties}
 * of them run at the same time. Notes every step it is given.
 */
final class MeetingDeviceWriter implements DeviceWriter {

    private final CyclicBarrier barrier;
    private final List<DeviceStep> prepared = new CopyOnWriteArrayList<>();

    MeetingDeviceWriter(int parties) {
        this.barrier = new CyclicBarrier(parties);
    }

    @Override
    public DeviceResult prepare(DeviceStep step) throws IOException {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("device " + step.device() + " prepared alone: the others never came", e);
        }
        prepared.add(step);
        return new DeviceResult(step.device(), step.image(), false);
    }

    @Override
    public DeviceResult commit(DeviceStep step) {
        // nothing to make final
        return new DeviceResult(step.device(), step.image(), false);
    }

    @Override
    public void compensate(DeviceStep step) {
        // nothing was changed
    }

    List<DeviceStep> prepared() {
        return List.copyOf(prepared);
    }
}
