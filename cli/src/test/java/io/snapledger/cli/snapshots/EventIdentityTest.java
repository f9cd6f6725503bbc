package io.snapledger.cli.snapshots;

import io.snapledger.core.LocalLedger;
import io.snapledger.events.DomainEvent;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every stored event has an id of its own. Consumers (the projection, Kafka readers) drop an
 * event whose id they have already seen, so two events sharing one id lose the second: a
 * snapshot that never completes in the tree, a deletion that never happens in it.
 */
class EventIdentityTest {
    @TempDir
    Path dir;

    @Test
    void eventsRecordedByOneCommandEachHaveTheirOwnId() {
        Vm vm = Vm.qcow2(dir, "vda", "vdb").define();
        vm.ok("snapshot-create", Vm.NAME, "--name", "s1");
        vm.ok("snapshot-create", Vm.NAME, "--name", "s2");
        vm.ok("snapshot-revert", Vm.NAME, "s1");
        vm.ok("snapshot-delete", Vm.NAME, "s2");
        try (LocalLedger ledger = LocalLedger.open(vm.home())) {
            // from sequence 0: every event; without it Axon starts from the domain's state checkpoint
            DomainEventStream stream = ledger.runtime().eventStore().readEvents(Vm.NAME, 0);
            List<String> shared = new ArrayList<>();
            Set<Object> seen = new HashSet<>();
            while (stream.hasNext()) {
                DomainEvent event = (DomainEvent) stream.next().getPayload();
                if (!seen.add(event.meta().eventId())) {
                    shared.add(event.getClass().getSimpleName());
                }
            }
            assertEquals(List.of(), shared, "events that reuse an earlier event's id");
        }
    }
}
