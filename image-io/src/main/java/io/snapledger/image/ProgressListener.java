package io.snapledger.image;

/** Told how far a long operation (merge, rebase, copy) has come, in bytes of guest data. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> { };

    void progress(long done, long total);
}
