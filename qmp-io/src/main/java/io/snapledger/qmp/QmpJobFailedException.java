package io.snapledger.qmp;

/**
 * A QEMU job ran to its end ({@code concluded}) with an error. The job has been dismissed; its
 * final state is kept here for the caller's record.
 */
public class QmpJobFailedException extends QmpException {
    private final JobInfo job;

    public QmpJobFailedException(JobInfo job) {
        super("JobFailed", job.error(), "job " + job.id() + " (" + job.type() + ") failed: " + job.error());
        this.job = job;
    }

    public JobInfo job() {
        return job;
    }
}
