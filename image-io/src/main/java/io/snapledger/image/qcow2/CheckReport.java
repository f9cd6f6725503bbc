package io.snapledger.image.qcow2;

import java.util.List;

/**
 * The outcome of a consistency check, with qemu-img check's counters and meaning: corruptions
 * (a cluster used more often than its refcount says, wrong COPIED flags, tables out of bounds)
 * and leaks (refcount higher than the uses found; harmless, space only).
 */
public record CheckReport(String filename, long checkErrors, long corruptions, long leaks, long imageEndOffset,
                          long totalClusters, long allocatedClusters, long fragmentedClusters,
                          long compressedClusters, List<String> problems) {
    public CheckReport {
        problems = List.copyOf(problems);
    }

    public boolean clean() {
        return checkErrors == 0 && corruptions == 0 && leaks == 0;
    }

    /** qemu-img check's exit code: 0 clean, 2 corruptions, 3 leaks only, 1 could not check. */
    public int exitCode() {
        if (checkErrors > 0) {
            return 1;
        }
        if (corruptions > 0) {
            return 2;
        }
        return leaks > 0 ? 3 : 0;
    }

    public String firstProblem() {
        return problems.isEmpty() ? "none" : problems.get(0);
    }
}
