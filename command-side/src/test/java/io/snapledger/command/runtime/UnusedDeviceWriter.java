package io.snapledger.command.runtime;

import io.snapledger.image.writer.DeviceResult;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.DeviceWriter;

/** For runtimes whose tests never touch a device. */
final class UnusedDeviceWriter implements DeviceWriter {

    @Override
    public DeviceResult prepare(DeviceStep step) {
        throw new UnsupportedOperationException("no device work in this test: " + step);
    }

    @Override
    public DeviceResult commit(DeviceStep step) {
        throw new UnsupportedOperationException("no device work in this test: " + step);
    }

    @Override
    public void compensate(DeviceStep step) {
        throw new UnsupportedOperationException("no device work in this test: " + step);
    }
}
