package io.snapledger.events.command;

import io.snapledger.events.model.QemuSnapshotId;
import io.snapledger.events.model.Require;

import java.util.List;
import java.util.UUID;

/** The live writer reports that QEMU's {@code snapshot-save} job took the snapshot on every device. */
public record RecordLiveSnapshotSaved(String domain, UUID snapshotUuid, String jobId, String tag, String vmstateDevice,
                                      List<QemuSnapshotId> qemuIds, long vmStateSize, CommandMetadata meta)
        implements ProgressCommand {

    public RecordLiveSnapshotSaved {
        Require.nonBlank(domain, "domain");
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(jobId, "jobId");
        Require.nonBlank(tag, "tag");
        Require.nonBlank(vmstateDevice, "vmstateDevice");
        qemuIds = List.copyOf(Require.nonEmptyListOf(qemuIds, "qemuIds"));
        Require.notNegative(vmStateSize, "vmStateSize");
        Require.nonNull(meta, "meta");
    }
}
