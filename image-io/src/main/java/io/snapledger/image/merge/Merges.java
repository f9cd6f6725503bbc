package io.snapledger.image.merge;

import io.snapledger.image.ImageFormat;
import io.snapledger.image.ProgressListener;

import java.io.IOException;
import java.nio.file.Path;

/** Moves data between the layers of a backing chain so a layer can go without changing what anyone reads. */
public final class Merges {
    private Merges() {
    }

    /**
     * qemu-img commit: writes every cluster {@code top} holds into its backing file. With
     * {@code emptyTop} the top is emptied afterwards (qemu-img's default); otherwise left as it is.
     */
    public static void commit(Path top, boolean emptyTop, ProgressListener progress) throws IOException {
        throw new UnsupportedOperationException("commit");
    }

    /**
     * qemu-img rebase: makes {@code image} read from {@code newBacking} (null: no backing file)
     * while every guest byte stays the same, copying the ranges where old and new chains differ.
     * With {@code unsafe} only the header changes, as 'rebase -u'.
     */
    public static void rebase(Path image, String newBacking, ImageFormat newBackingFormat, boolean unsafe,
                              ProgressListener progress) throws IOException {
        throw new UnsupportedOperationException("rebase");
    }
}
