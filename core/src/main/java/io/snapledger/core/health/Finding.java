package io.snapledger.core.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.snapledger.image.qcow2.SnapshotEntry;

import java.nio.file.Path;

/**
 * One difference {@code reconcile} found between the images and the history.
 *
 * @param kind     a stable lower-case code, recorded as {@code DriftDetected.kind}: {@code image-missing},
 *                 {@code backing-missing}, {@code image-replaced}, {@code snapshot-missing},
 *                 {@code content-changed}, {@code backing-changed}, {@code unknown-snapshot}
 * @param snapshot the snapshot concerned (its name), or null when the finding is the device's
 * @param detail   what the history expected and what the images hold, for people
 * @param action   what the operator can do about it
 * @param foreign  for an unknown snapshot in the device's active image: the entry, which
 *                 {@code --adopt} can record; else null
 */
public record Finding(String domain, String device, String kind, String snapshot, String detail, String action,
                      @JsonIgnore Foreign foreign) {

    /** An internal snapshot entry the history does not know, in a device's active image. */
    public record Foreign(Path image, SnapshotEntry entry) {
    }

    @JsonProperty("adoptable")
    public boolean adoptable() {
        return foreign != null;
    }

    static Finding of(String domain, String device, String kind, String snapshot, String detail, String action) {
        return new Finding(domain, device, kind, snapshot, detail, action, null);
    }
}
