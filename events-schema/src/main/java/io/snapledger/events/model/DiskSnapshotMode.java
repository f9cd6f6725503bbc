package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libvirt's {@code --diskspec DEV,snapshot=} values: how one device takes part in a snapshot. */
public enum DiskSnapshotMode {
    /** An entry in the qcow2 file's own snapshot table. */
    @JsonProperty("internal") INTERNAL,
    /** The current image becomes read-only and a new qcow2 overlay on top of it takes the writes. */
    @JsonProperty("external") EXTERNAL,
    /** The device is left out of the snapshot. */
    @JsonProperty("no") NO
}
