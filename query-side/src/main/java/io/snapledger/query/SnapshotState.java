package io.snapledger.query;

/** Where a snapshot is in its life, as the tree shows it. */
public enum SnapshotState {
    /** Started; its devices are being prepared. Not yet current, may still be aborted. */
    CREATING,
    /** Complete: it can be reverted to, and it is or was current. */
    READY,
    /** A deletion that includes it is under way; it stays in the tree until it is deleted or the deletion aborts. */
    DELETING
}
