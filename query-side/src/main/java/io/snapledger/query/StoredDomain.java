package io.snapledger.query;

import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.QemuLink;
import io.snapledger.events.model.Require;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A domain's record in the {@code domains} family; its current snapshot is kept apart, in
 * {@code current}. {@code operation} is the operation in flight, null when the domain is idle.
 */
record StoredDomain(String name, boolean online, List<DeviceImage> devices, @Nullable OperationInFlight operation,
                    @Nullable QemuLink qemu) {

    StoredDomain {
        Require.nonBlank(name, "name");
        devices = Require.listOf(devices, "devices");
    }

    /** The device's active layer moved; a device the record does not know is added after the others. */
    StoredDomain withActiveImage(DeviceImage image) {
        List<DeviceImage> updated = new ArrayList<>(devices);
        boolean replaced = false;
        for (int i = 0; i < updated.size(); i++) {
            if (updated.get(i).name().equals(image.name())) {
                updated.set(i, image);
                replaced = true;
            }
        }
        if (!replaced) {
            updated.add(image);
        }
        return new StoredDomain(name, online, updated, operation, qemu);
    }

    StoredDomain withOperation(@Nullable OperationInFlight inFlight) {
        return new StoredDomain(name, online, devices, inFlight, qemu);
    }

    StoredDomain withQemu(@Nullable QemuLink link) {
        return new StoredDomain(name, online, devices, operation, link);
    }

    DomainView view(UUID currentSnapshot) {
        return new DomainView(name, online, devices, currentSnapshot, operation, qemu);
    }
}
