package io.snapledger.command.runtime;

import io.snapledger.command.domain.Identities;
import io.snapledger.events.command.AbortSnapshot;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.RenameSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A command runtime over the test stand-ins ({@link TestDomain}, {@link TestSnapshotSaga},
 * {@link EventLog}), with fresh probes for each start, and the commands the tests send.
 */
final class TestRuntime implements AutoCloseable {

    static final String PROJECTION = "test-projection";
    static final String DOMAIN = "web01";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:15:30Z"), ZoneOffset.UTC);

    final CommandRuntime runtime;
    final EventLog projection = new EventLog();
    final SagaProbe sagas = new SagaProbe();
    final SourcedEvents sourced = new SourcedEvents();

    private TestRuntime(RuntimeSettings settings) {
        this.runtime = CommandRuntime.start(settings
                .withResource(SourcedEvents.class, sourced)
                .withResource(SagaProbe.class, sagas)
                .withEventHandler(projection, PROJECTION));
    }

    static TestRuntime start(Path home) {
        return start(settings(home, 0));
    }

    static TestRuntime start(RuntimeSettings settings) {
        return new TestRuntime(settings);
    }

    /** The test stand-ins, with a state checkpoint of {@link TestDomain} every {@code checkpointEvery} events (0: none). */
    static RuntimeSettings settings(Path home, int checkpointEvery) {
        CommandSideModule module = new CommandSideModule(
                List.of(new CommandSideModule.Aggregate(TestDomain.class, checkpointEvery)),
                List.of(TestSnapshotSaga.class),
                List.of());
        return RuntimeSettings.embedded(home, CLOCK, new UnusedDeviceWriter())
                .withResource(Identities.class, Identities.random())
                .withModule(module);
    }

    void define() {
        runtime.commandGateway().sendAndWait(new DefineDomain(DOMAIN,
                List.of(new DeviceSpec("vda", "/images/web01-vda.qcow2", ImageFormat.QCOW2),
                        new DeviceSpec("vdb", "/images/web01-vdb.qcow2", ImageFormat.QCOW2)),
                false, meta()));
    }

    UUID take(String name) {
        return runtime.commandGateway().sendAndWait(new TakeSnapshot(DOMAIN, name, null, null,
                List.of(DevicePlan.internal("vda"), DevicePlan.internal("vdb")), true, null, meta()));
    }

    void rename(String snapshot, String newName) {
        runtime.commandGateway().sendAndWait(new RenameSnapshot(DOMAIN, snapshot, newName, meta()));
    }

    void abort(UUID snapshot) {
        runtime.commandGateway().sendAndWait(new AbortSnapshot(DOMAIN, snapshot, "given up by the test", meta()));
    }

    void awaitProjection() {
        runtime.awaitCaughtUp(PROJECTION, WAIT);
    }

    static CommandMetadata meta() {
        return new CommandMetadata("alice", null, UUID.randomUUID());
    }

    @Override
    public void close() {
        runtime.close();
    }
}
