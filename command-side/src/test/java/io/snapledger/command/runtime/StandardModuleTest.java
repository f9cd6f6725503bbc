package io.snapledger.command.runtime;

import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.command.domain.Identities;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.SnapshotCreationEvent;
import io.snapledger.events.SnapshotCreationEvent.SnapshotAborted;
import io.snapledger.events.SnapshotCreationEvent.SnapshotCompleted;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.image.writer.DeviceStep;
import io.snapledger.image.writer.DeviceWriter;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production registrations: the Domain aggregate, the sagas and the device work handler, wired together. */
class StandardModuleTest {

    @TempDir
    Path home;

    private final EventLog history = new EventLog();

    @Test
    void aSnapshotOfTwoDevicesCompletesWithBothDevicesPreparedAtTheSameTime() {
        MeetingDeviceWriter writer = new MeetingDeviceWriter(2);
        try (CommandRuntime runtime = CommandRuntime.start(settings(writer))) {
            CommandGateway commands = runtime.commandGateway();
            commands.sendAndWait(define());
            UUID snapshot = commands.sendAndWait(new TakeSnapshot("web01", "before-upgrade", null, null, List.of(),
                    false, null, TestRuntime.meta()));

            DomainEvent end = await().atMost(Duration.ofSeconds(30)).until(() -> endOf(snapshot), Optional::isPresent)
                    .orElseThrow();

            assertEquals(SnapshotCompleted.class, end.getClass(), "the snapshot ended with " + end);
            assertEquals(List.of("vda", "vdb"), writer.prepared().stream().map(DeviceStep::device).sorted().toList());
            assertEquals(List.of("1", "1"), writer.prepared().stream()
                    .map(step -> ((DeviceStep.TakeInternal) step).idStr()).toList());
        }
    }

    @Test
    void theDomainsRefusalReachesTheCallerWithItsCodeAndMessage() {
        try (CommandRuntime runtime = CommandRuntime.start(settings(new UnusedDeviceWriter()))) {
            runtime.commandGateway().sendAndWait(define());

            DomainRuleException refused = assertThrows(DomainRuleException.class,
                    () -> runtime.commandGateway().sendAndWait(define()));

            assertEquals("DOMAIN_EXISTS", refused.code());
            assertTrue(refused.getMessage().startsWith("domain web01 is already defined"), refused.getMessage());
        }
    }

    private RuntimeSettings settings(DeviceWriter writer) {
        return RuntimeSettings.embedded(home, TestRuntime.CLOCK, writer)
                .withResource(Identities.class, Identities.random())
                .withEventHandler(history, "history");
    }

    private static DefineDomain define() {
        return new DefineDomain("web01", List.of(
                new DeviceSpec("vda", "/images/web01-vda.qcow2", ImageFormat.QCOW2),
                new DeviceSpec("vdb", "/images/web01-vdb.qcow2", ImageFormat.QCOW2)), false, TestRuntime.meta());
    }

    private Optional<DomainEvent> endOf(UUID snapshot) {
        return history.delivered().stream()
                .filter(event -> event instanceof SnapshotCompleted || event instanceof SnapshotAborted)
                .filter(event -> ((SnapshotCreationEvent) event).snapshotUuid().equals(snapshot))
                .findFirst();
    }
}
