package io.snapledger.qmp;

/**
 * How a completed migration (memory state written to a file) went, from {@code query-migrate}.
 *
 * @param ramTransferred bytes of RAM sent (zero pages cost almost nothing)
 */
public record MigrationResult(String status, long totalTimeMillis, long ramTransferred) {
}
