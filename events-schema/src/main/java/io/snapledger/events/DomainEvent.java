package io.snapledger.events;

/**
 * A fact about one domain (a virtual machine) and its snapshots. Events are the source of truth;
 * every view is derived from them. Each concrete event is a record annotated with
 * {@link EventType}, grouped in one sealed family per kind of operation.
 */
public sealed interface DomainEvent
        permits DomainLifecycleEvent, SnapshotCreationEvent, RevertEvent, DeletionEvent, EditEvent,
        ReconcileEvent, RecoveryEvent {

    /** The domain's id; the aggregate id on the command side and the Kafka key. */
    String domain();

    EventMetadata meta();
}
