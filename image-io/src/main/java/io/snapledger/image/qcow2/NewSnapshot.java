package io.snapledger.image.qcow2;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What the caller decides about a new internal snapshot: its id_str (the same on every device of
 * a domain), name, identity and, optionally, the VM state to keep with it.
 *
 * @param uuid null makes an entry like QEMU's, without snapledger's extra data
 * @param vmState memory state to store in the snapshot's VM-state area, or null
 */
public record NewSnapshot(String id, String name, UUID uuid, UUID parentUuid, Instant date, long vmClockNsec,
                          byte[] vmState) {
    public NewSnapshot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(date, "date");
        if (id.isEmpty() || name.isEmpty()) {
            throw new IllegalArgumentException("snapshot id and name must not be empty");
        }
        if (parentUuid != null && uuid == null) {
            throw new IllegalArgumentException("a parent UUID needs a UUID");
        }
    }

    public static NewSnapshot of(String id, String name, UUID uuid, UUID parentUuid, Instant date) {
        return new NewSnapshot(id, name, uuid, parentUuid, date, 0, null);
    }
}
