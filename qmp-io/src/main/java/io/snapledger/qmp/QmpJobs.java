package io.snapledger.qmp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs QEMU's job-based commands to their end and finds jobs again after a restart.
 *
 * <p>A job's life as QEMU 7.2 reports it in {@code JOB_STATUS_CHANGE}: created, running,
 * (ready: only jobs that wait to be told to finish, like a commit of the active layer), waiting,
 * pending, concluded (or aborting, concluded on failure). A concluded job stays in
 * {@code query-jobs} with its {@code error} until {@code job-dismiss}. snapshot-save/load/delete
 * are always kept until dismissed; block jobs only with {@code auto-dismiss: false}, which
 * {@link LiveBlock} always passes, because an auto-dismissed job takes its error with it.
 *
 * <p>{@link #awaitEnd} answers {@code ready} with {@code job-complete}: snapledger's only jobs
 * that reach ready are active-layer commits, which it always wants finished.
 */
public final class QmpJobs {
    /** How often a running job's progress is read from {@code query-jobs}. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    private final QmpClient qmp;

    public QmpJobs(QmpClient qmp) {
        this.qmp = qmp;
    }

    /**
     * Starts a job with {@code command} (whose arguments carry {@code job-id}) and waits for its
     * end; see {@link #awaitEnd}.
     */
    public JobInfo run(String command, ObjectNode arguments, JobProgressListener listener, Duration timeout) {
        String jobId = arguments.path("job-id").asText(null);
        if (jobId == null) {
            throw new IllegalArgumentException(command + " needs a job-id to be followed");
        }
        qmp.execute(command, arguments);
        return awaitEnd(jobId, listener, timeout);
    }

    /**
     * Waits for job {@code jobId} to conclude, completes it when it becomes ready, reads its error,
     * dismisses it. Works for a job started by an earlier connection too (crash recovery): the
     * job's current state is read first, so an end that happened before this call is not missed.
     *
     * @return the job as it concluded, without error
     * @throws QmpJobFailedException the job concluded with an error (it is dismissed)
     * @throws QmpTimeoutException not concluded in time; the job is left running in QEMU
     * @throws QmpException no such job (never started, or already dismissed)
     */
    public JobInfo awaitEnd(String jobId, JobProgressListener listener, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobInfo now = require(jobId);
        listener.progress(now);
        String status = now.status();
        boolean completed = false;
        while (!"concluded".equals(status)) {
            if ("ready".equals(status) && !completed) {
                complete(jobId);
                completed = true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new QmpTimeoutException("job " + jobId + " not concluded within " + timeout
                        + " (last status " + status + "); it is still in QEMU's query-jobs");
            }
            Duration slice = Duration.ofNanos(Math.min(left, PROGRESS_INTERVAL.toNanos()));
            try {
                QmpEvent change = qmp.awaitEvent(e -> e.is("JOB_STATUS_CHANGE") && jobId.equals(e.text("id")), slice);
                status = change.text("status");
            } catch (QmpTimeoutException quiet) {
                JobInfo polled = require(jobId);
                status = polled.status();
                listener.progress(polled);
            }
        }
        JobInfo end = require(jobId);
        listener.progress(end);
        dismiss(jobId);
        qmp.discardEvents(e -> e.is("JOB_STATUS_CHANGE") && jobId.equals(e.text("id")));
        if (end.failed()) {
            throw new QmpJobFailedException(end);
        }
        return end;
    }

    /** The job called {@code jobId} in {@code query-jobs}, if QEMU still has it. */
    public Optional<JobInfo> findJob(String jobId) {
        return list().stream().filter(j -> j.id().equals(jobId)).findFirst();
    }

    public List<JobInfo> list() {
        List<JobInfo> jobs = new ArrayList<>();
        for (JsonNode job : qmp.execute("query-jobs")) {
            jobs.add(JobInfo.from(job));
        }
        return jobs;
    }

    /** Tells a ready job to finish (for an active commit: switch the device to the base). */
    public void complete(String jobId) {
        qmp.execute("job-complete", qmp.arguments().put("id", jobId));
    }

    /** Asks a running job to stop; it then concludes with an error ("operation canceled"). */
    public void cancel(String jobId) {
        qmp.execute("job-cancel", qmp.arguments().put("id", jobId));
    }

    public void dismiss(String jobId) {
        qmp.execute("job-dismiss", qmp.arguments().put("id", jobId));
    }

    private JobInfo require(String jobId) {
        return findJob(jobId).orElseThrow(() -> new QmpException("NoSuchJob", "job " + jobId + " not found",
                "job " + jobId + " is not in query-jobs (never started, or already dismissed)"));
    }
}
