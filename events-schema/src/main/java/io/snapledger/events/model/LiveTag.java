package io.snapledger.events.model;

import java.util.UUID;

/** The tag under which QEMU knows an internal snapshot on every device of a running domain. */
public record LiveTag(UUID snapshotUuid, String tag) {

    public LiveTag {
        Require.nonNull(snapshotUuid, "snapshotUuid");
        Require.nonBlank(tag, "tag");
    }
}
