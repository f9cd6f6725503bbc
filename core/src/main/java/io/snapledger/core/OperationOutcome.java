package io.snapledger.core;

import java.util.UUID;

/** How a take, revert or delete ended: done, or refused after device work with the reason. */
public record OperationOutcome(UUID snapshotUuid, boolean succeeded, String why) {
}
