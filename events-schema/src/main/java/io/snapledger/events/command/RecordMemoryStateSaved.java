package io.snapledger.events.command;

import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import java.util.UUID;

/**
 * Reports that the guest's memory state was saved for a snapshot.
 *
 * @param device the device holding internal memory state; null for external
 * @param file   the file holding external memory state; null for internal
 */
public record RecordMemoryStateSaved(String domain, UUID snapshotUuid, MemoryMode mode, @Nullable String device,
                                     @Nullable String file, long sizeBytes, CommandMetadata meta)
        implements ProgressCommand {

    public RecordMemoryStateSaved {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonNull(mode, "mode");
        if (mode == MemoryMode.NO) {
            throw new IllegalArgumentException("memory mode no saves no memory state");
        }
        Require.nullOrNonBlank(device, "device");
        Require.nullOrNonBlank(file, "file");
        Require.notNegative(sizeBytes, "sizeBytes");
        Require.nonNull(meta, "meta");
    }
}
