package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Disk image formats, spelled as qemu-img spells them. Raw images cannot hold internal snapshots. */
public enum ImageFormat {
    @JsonProperty("qcow2") QCOW2,
    @JsonProperty("raw") RAW
}
