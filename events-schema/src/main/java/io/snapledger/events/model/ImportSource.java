package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a snapshot that snapledger did not take itself came from. */
public enum ImportSource {
    /** Rebuilt from the UUID and parent UUID snapledger keeps in a qcow2 snapshot's extra data. */
    @JsonProperty("qcow2-extra-data") QCOW2_EXTRA_DATA,
    /** Defined by an operator, like libvirt's {@code snapshot-create --redefine}. */
    @JsonProperty("redefine") REDEFINE,
    /** Found by {@code reconcile --adopt}: a snapshot someone made with other tools. */
    @JsonProperty("adopt") ADOPT
}
