package io.snapledger.command.runtime;

import io.snapledger.command.domain.Domain;
import io.snapledger.command.domain.Identities;
import io.snapledger.command.domain.ResumedOperation;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.ImportSnapshot;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.ResumeOperation;
import io.snapledger.events.command.SetCurrentSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.writer.DeviceWriter;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A command runtime over the production {@link Domain}, its sagas and (optionally) its device
 * work handler, with checkpoints every {@code checkpointEvery} events (0: none), and the commands
 * the checkpoint tests send. Each start is a fresh process state: an empty aggregate cache.
 */
final class DomainRuntime implements AutoCloseable {

    static final String DOMAIN = TestRuntime.DOMAIN;
    static final String PROJECTION = "history";

    final CommandRuntime runtime;
    final EventLog history = new EventLog();

    private DomainRuntime(Path home, int checkpointEvery, DeviceWriter writer, boolean deviceWork) {
        CommandSideModule standard = CommandSideModule.standard();
        CommandSideModule module = new CommandSideModule(
                List.of(new CommandSideModule.Aggregate(Domain.class, checkpointEvery)), standard.sagas(),
                deviceWork ? standard.commandHandlers() : List.of());
        this.runtime = CommandRuntime.start(RuntimeSettings.embedded(home, TestRuntime.CLOCK, writer)
                .withResource(Identities.class, Identities.random())
                .withModule(module)
                .withEventHandler(history, PROJECTION));
    }

    /** The production registrations, no device ever touched. */
    static DomainRuntime start(Path home, int checkpointEvery) {
        return new DomainRuntime(home, checkpointEvery, new UnusedDeviceWriter(), true);
    }

    static DomainRuntime start(Path home, int checkpointEvery, DeviceWriter writer) {
        return new DomainRuntime(home, checkpointEvery, writer, true);
    }

    /** Without the device work handler: an operation started here stays in flight, as if the process died. */
    static DomainRuntime withoutDeviceWork(Path home, int checkpointEvery) {
        return new DomainRuntime(home, checkpointEvery, new UnusedDeviceWriter(), false);
    }

    void define() {
        send(new DefineDomain(DOMAIN, List.of(new DeviceSpec("vda", "/images/web01-vda.qcow2", ImageFormat.QCOW2)),
                false, TestRuntime.meta()));
    }

    /** A snapshot already on the disk, complete at once: events without device work. */
    UUID importSnapshot(String name, UUID parent) {
        return send(new ImportSnapshot(DOMAIN, UUID.randomUUID(), null, name, null, parent,
                TestRuntime.CLOCK.instant(), MemoryPlan.none(), List.of(DevicePlan.internal("vda")),
                ImportSource.QCOW2_EXTRA_DATA, TestRuntime.meta()));
    }

    void rename(String snapshot, String newName) {
        send(new RenameSnapshot(DOMAIN, snapshot, newName, TestRuntime.meta()));
    }

    void describe(String snapshot, String description) {
        send(new DescribeSnapshot(DOMAIN, snapshot, description, TestRuntime.meta()));
    }

    void setCurrent(String snapshot) {
        send(new SetCurrentSnapshot(DOMAIN, snapshot, TestRuntime.meta()));
    }

    UUID take(String name) {
        return send(new TakeSnapshot(DOMAIN, name, null, null, List.of(), false, null, TestRuntime.meta()));
    }

    UUID delete(String snapshot, DeleteMode mode) {
        return send(new DeleteSnapshot(DOMAIN, snapshot, mode, TestRuntime.meta()));
    }

    ResumedOperation resume() {
        return send(new ResumeOperation(DOMAIN, TestRuntime.meta()));
    }

    <R> R send(Object command) {
        return runtime.commandGateway().sendAndWait(command);
    }

    /** The domain's whole state as a checkpoint would hold it, loaded as a command would load it. */
    String state() {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            Domain domain = runtime.configuration().repository(Domain.class).load(DOMAIN)
                    .invoke(root -> root);
            return RuntimeSerializers.state().serialize(domain, String.class).getData();
        } finally {
            unitOfWork.rollback();
        }
    }

    /** The first message a load of the domain starts from: its checkpoint, if one is read. */
    DomainEventMessage<?> loadStart() {
        DomainEventStream stream = runtime.eventStore().readEvents(DOMAIN);
        return stream.peek();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
