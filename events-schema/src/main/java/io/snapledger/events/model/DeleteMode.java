package io.snapledger.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How {@code snapshot-delete} treats the snapshot's subtree and images (virsh flags). */
public enum DeleteMode {
    /** Default: merge the snapshot's delta into its children and re-parent them to its parent. */
    @JsonProperty("merge") MERGE,
    /** {@code --children}: delete the snapshot and all its descendants. */
    @JsonProperty("children") CHILDREN,
    /** {@code --children-only}: delete the descendants, keep the snapshot. */
    @JsonProperty("children-only") CHILDREN_ONLY,
    /** {@code --metadata}: forget the snapshot in the history, leave the images as they are. */
    @JsonProperty("metadata") METADATA
}
