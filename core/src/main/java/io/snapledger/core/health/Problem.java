package io.snapledger.core.health;

/**
 * One thing {@code fsck} found wrong: where, and what.
 *
 * @param snapshot the snapshot's name, or null when the problem is the device's
 */
public record Problem(String domain, String device, String snapshot, String what) {
    @Override
    public String toString() {
        return domain + (device == null ? "" : " " + device) + (snapshot == null ? "" : " snapshot '" + snapshot + "'")
                + ": " + what;
    }
}
