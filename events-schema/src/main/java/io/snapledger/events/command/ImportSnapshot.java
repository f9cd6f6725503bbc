package io.snapledger.events.command;

import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Brings a snapshot found in image metadata into the history, complete at once.
 *
 * @param snapshotUuid the UUID kept in the image, or a new one the caller chose for an adopted
 *                     snapshot (the aggregate never makes random values)
 * @param id           the number kept in the image; null: the aggregate assigns the next one
 * @param source       {@code qcow2-extra-data} or {@code adopt}; operators redefine with
 *                     {@link RedefineSnapshot}
 */
public record ImportSnapshot(String domain, UUID snapshotUuid, @Nullable Long id, String name,
                             @Nullable String description, @Nullable UUID parentUuid, Instant creationTime,
                             MemoryPlan memory, List<DevicePlan> devices, ImportSource source, CommandMetadata meta)
        implements OperatorCommand {

    public ImportSnapshot {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        if (id != null) {
            Require.positive(id, "id");
        }
        Require.nonBlank(name, "name");
        Require.nullOrNonBlank(description, "description");
        Require.nonNull(creationTime, "creationTime");
        Require.nonNull(memory, "memory");
        devices = Require.distinctBy(Require.nonEmptyListOf(devices, "devices"), DevicePlan::device, "devices");
        Require.nonNull(source, "source");
        if (source == ImportSource.REDEFINE) {
            throw new IllegalArgumentException("an operator's redefinition is a RedefineSnapshot command");
        }
        Require.nonNull(meta, "meta");
    }
}
