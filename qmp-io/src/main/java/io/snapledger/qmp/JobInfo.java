package io.snapledger.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of {@code query-jobs}.
 *
 * @param type {@code snapshot-save}, {@code commit}, {@code stream}, ...
 * @param status QEMU's job status: created, running, paused, ready, standby, waiting, pending,
 *               aborting, concluded, null
 * @param currentProgress and {@code totalProgress}: in a unit of the job's choosing (bytes for
 *               block jobs, 0..1 for snapshot jobs); only their ratio means anything
 * @param error the job's error once concluded, or null when it succeeded (or has not ended)
 */
public record JobInfo(String id, String type, String status, long currentProgress, long totalProgress,
                      String error) {
    public static JobInfo from(JsonNode job) {
        JsonNode error = job.get("error");
        return new JobInfo(job.path("id").asText(), job.path("type").asText(), job.path("status").asText(),
                job.path("current-progress").asLong(), job.path("total-progress").asLong(),
                error == null || error.isNull() ? null : error.asText());
    }

    public boolean concluded() {
        return "concluded".equals(status);
    }

    public boolean failed() {
        return error != null;
    }
}
