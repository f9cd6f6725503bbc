package io.snapledger.query;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/**
 * A domain as the projection knows it.
 *
 * @param name            the domain's name
 * @param online          whether it is a running QEMU reached over QMP
 * @param devices         its devices with their active layers, in the order they were defined
 * @param currentSnapshot the current snapshot, or null if it has none
 * @param operation       the operation it has in flight, or null when it is idle
 * @param qemu            how its QEMU is reached, for a live domain; null for a domain of images only
 */
public record DomainView(String name, boolean online, List<DeviceImage> devices, @Nullable UUID currentSnapshot,
                         @Nullable OperationInFlight operation, @Nullable QemuLink qemu) {

    public DomainView {
        Require.nonBlank(name, "name");
        devices = Require.listOf(devices, "devices");
    }

    public DomainView(String name, boolean online, List<DeviceImage> devices, @Nullable UUID currentSnapshot,
                      @Nullable OperationInFlight operation) {
        this(name, online, devices, currentSnapshot, operation, null);
    }

    /** Whether a QEMU runs this domain (as opposed to images only). */
    public boolean live() {
        return qemu != null;
    }
}
