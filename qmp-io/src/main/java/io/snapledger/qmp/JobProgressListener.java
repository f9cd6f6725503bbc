package io.snapledger.qmp;

/**
 * Told how a QEMU job gets on: at each status change and, while it runs, every few hundred
 * milliseconds from {@code query-jobs}. Called on the thread that waits for the job.
 */
@FunctionalInterface
public interface JobProgressListener {
    JobProgressListener NONE = job -> { };

    void progress(JobInfo job);
}
