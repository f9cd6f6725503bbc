package io.snapledger.events;

import io.snapledger.events.model.Require;

import java.util.UUID;

/** Facts of picking up work a stopped process left in flight. */
public sealed interface RecoveryEvent extends DomainEvent {

    /**
     * snapledger started again while an operation was in flight (the process had stopped or
     * crashed): the operation's remaining device work is sent again. Every device step finds its
     * own earlier work, so nothing is done twice; the operation then ends as it would have.
     *
     * @param kind the operation: {@code take}, {@code revert} or {@code delete}
     */
    @EventType(name = "OperationResumed", revision = 1)
    record OperationResumed(String domain, UUID snapshotUuid, String kind, EventMetadata meta)
            implements RecoveryEvent {

        public OperationResumed {
            Require.nonBlank(domain, "domain");
            Require.nonNull(snapshotUuid, "snapshotUuid");
            Require.nonBlank(kind, "kind");
            Require.nonNull(meta, "meta");
        }
    }
}
