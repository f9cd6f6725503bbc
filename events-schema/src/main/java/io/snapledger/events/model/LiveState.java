package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a command saw of a live domain's QEMU when it was given (virsh's {@code domstate} words):
 * running or paused while its QMP socket answers, shut off when nothing answers there. The
 * aggregate decides from what the command carries; it never looks itself.
 */
public enum LiveState {
    @JsonProperty("running") RUNNING("running"),
    @JsonProperty("paused") PAUSED("paused"),
    @JsonProperty("shut off") SHUT_OFF("shut off");

    private final String words;

    LiveState(String words) {
        this.words = words;
    }

    /** Whether a QEMU has the images open (they are then written through QMP only). */
    public boolean online() {
        return this != SHUT_OFF;
    }

    /** virsh's word for it, e.g. {@code shut off}. */
    public String words() {
        return words;
    }
}
