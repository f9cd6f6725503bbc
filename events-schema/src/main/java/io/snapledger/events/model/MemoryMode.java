package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** libvirt's {@code --memspec snapshot=} values: where a snapshot keeps the guest's memory state. */
public enum MemoryMode {
    /** No memory state: the snapshot is disk-only or the domain is offline. */
    @JsonProperty("no") NO,
    /** In the qcow2 vm-state area of one device. */
    @JsonProperty("internal") INTERNAL,
    /** In a file of its own. */
    @JsonProperty("external") EXTERNAL
}
