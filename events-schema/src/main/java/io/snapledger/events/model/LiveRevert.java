package io.snapledger.events.model;

/**
 * How a revert of a running domain is done: one {@code snapshot-load} job of {@code tag} over
 * every device, the memory state read from {@code vmstateDevice}.
 *
 * @param paused the domain is left paused afterwards ({@code --paused}), else running
 */
public record LiveRevert(String tag, String vmstateDevice, boolean paused) {

    public LiveRevert {
        Require.nonBlank(tag, "tag");
        Require.nonBlank(vmstateDevice, "vmstateDevice");
    }
}
