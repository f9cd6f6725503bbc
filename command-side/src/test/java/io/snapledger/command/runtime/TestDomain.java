package io.snapledger.command.runtime;

import io.snapledger.command.domain.Identities;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotStarted;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeviceLocation;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.MemoryPlan;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A small stand-in for the real aggregate, so the runtime is tested apart from the domain rules:
 * it names snapshots, refuses a name that is taken, and reports every event it is rebuilt from to
 * {@link SourcedEvents}. Its state holds records and collections, as the real one's does.
 */
public class TestDomain {

    @AggregateIdentifier
    private String name;
    private List<DeviceSpec> devices = new ArrayList<>();
    private Map<String, UUID> snapshots = new LinkedHashMap<>();
    private long lastId;

    protected TestDomain() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DefineDomain command, Clock clock, Identities ids) {
        if (name != null) {
            throw new IllegalStateException("domain " + name + " is already defined");
        }
        apply(new DomainDefined(command.domain(), command.devices(), command.online(), meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public UUID handle(TakeSnapshot command, Clock clock, Identities ids) {
        if (snapshots.containsKey(command.name())) {
            throw new IllegalStateException("domain " + name + " already has a snapshot named '" + command.name()
                    + "'; choose another name");
        }
        UUID uuid = ids.newUuid();
        apply(new SnapshotStarted(name, uuid, lastId + 1, command.name(), null, null, MemoryPlan.none(),
                devices.stream().map(d -> DevicePlan.internal(d.name())).toList(),
                devices.stream().map(d -> DeviceLocation.internal(d.name(), d.path())).toList(), false,
                meta(command.meta(), clock, ids)));
        return uuid;
    }

    @CommandHandler
    public void handle(RenameSnapshot command, Clock clock, Identities ids) {
        UUID uuid = snapshots.get(command.snapshot());
        if (uuid == null) {
            throw new IllegalStateException("domain " + name + " has no snapshot '" + command.snapshot() + "'");
        }
        apply(new SnapshotRenamed(name, uuid, command.snapshot(), command.newName(), meta(command.meta(), clock, ids)));
    }

    @CommandHandler
    public void handle(AbortSnapshot command, Clock clock, Identities ids) {
        apply(new SnapshotAborted(name, command.snapshotUuid(), command.why(), meta(command.meta(), clock, ids)));
    }

    private static EventMetadata meta(CommandMetadata meta, Clock clock, Identities ids) {
        return new EventMetadata(ids.newUuid(), clock.instant(), meta.actor(), meta.reason(), meta.correlationId());
    }

    @EventSourcingHandler
    void on(DomainDefined event, SourcedEvents sourced) {
        name = event.domain();
        devices = new ArrayList<>(event.devices());
        sourced.add(event);
    }

    @EventSourcingHandler
    void on(SnapshotStarted event, SourcedEvents sourced) {
        snapshots.put(event.name(), event.snapshotUuid());
        lastId = event.id();
        sourced.add(event);
    }

    @EventSourcingHandler
    void on(SnapshotRenamed event, SourcedEvents sourced) {
        snapshots.remove(event.oldName());
        snapshots.put(event.newName(), event.snapshotUuid());
        sourced.add(event);
    }

    @EventSourcingHandler
    void on(SnapshotAborted event, SourcedEvents sourced) {
        snapshots.values().remove(event.snapshotUuid());
        sourced.add(event);
    }
}
