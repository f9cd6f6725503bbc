package io.snapledger.kafka;

import io.snapledger.events.DeletionEvent.ChildReparented;
import io.snapledger.events.DeletionEvent.DeletionStarted;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.query.EventSubjects;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Every snapshot an event names: its subject, and the parents and other snapshots it mentions,
 * whose children lists or states the event may change.
 */
final class LineageSubjects {
    private LineageSubjects() {
    }

    static List<UUID> named(DomainEvent event) {
        List<UUID> named = new ArrayList<>();
        named.add(EventSubjects.snapshotOf(event));
        if (event instanceof SnapshotStarted started) {
            named.add(started.parentUuid());
        } else if (event instanceof SnapshotImported imported) {
            named.add(imported.parentUuid());
        } else if (event instanceof ChildReparented reparented) {
            named.add(reparented.oldParentUuid());
            named.add(reparented.newParentUuid());
        } else if (event instanceof DeletionStarted started) {
            named.addAll(started.affectedSnapshotUuids());
        } else if (event instanceof CurrentSnapshotSet set) {
            named.add(set.previousUuid());
        }
        named.removeIf(Objects::isNull);
        return named;
    }
}
