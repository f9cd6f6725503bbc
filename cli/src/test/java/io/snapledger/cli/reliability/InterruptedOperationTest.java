package io.snapledger.cli.reliability;

import io.snapledger.core.EventOutlet;
import io.snapledger.cli.Main;
import io.snapledger.core.health.Fsck;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.core.ProjectionFeeder;
import io.snapledger.command.domain.Identities;
import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.command.runtime.CommandSideModule;
import io.snapledger.command.runtime.RuntimeSettings;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.command.DeleteSnapshot;
import io.snapledger.events.command.RevertToSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.model.DeleteMode;
import io.snapledger.image.testing.Qemu;
import io.snapledger.image.writer.ImageDeviceWriter;
import io.snapledger.query.HistoryEntry;
import io.snapledger.query.HistoryQuery;
import io.snapledger.query.SnapshotProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening a home resumes the operations a stopped process left in flight, and only those: a
 * domain whose operations all ended is not asked to resume (its aggregate is not even loaded).
 * The process here stops at the earliest point: the operation's start is stored, no device has
 * done anything (a command runtime without device work stands for it). A projection that lost
 * that start (a power cut) is rebuilt before the choice.
 */
class InterruptedOperationTest {

    @TempDir
    Path dir;

    enum Interrupted {
        TAKE("SnapshotStarted", "SnapshotCompleted", "SnapshotAborted"),
        REVERT("RevertStarted", "RevertCompleted", "RevertAborted"),
        DELETE("DeletionStarted", "SnapshotDeleted", "DeletionAborted");

        final String start;
        final List<String> ends;

        Interrupted(String start, String... ends) {
            this.start = start;
            this.ends = List.of(ends);
        }

        Object command(String domain) {
            CommandMetadata meta = new CommandMetadata("test", null, UUID.randomUUID());
            return switch (this) {
                case TAKE -> new TakeSnapshot(domain, "s3", null, null, List.of(), false, null, meta);
                case REVERT -> new RevertToSnapshot(domain, "s1", meta);
                case DELETE -> new DeleteSnapshot(domain, "s1", DeleteMode.MERGE, meta);
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Interrupted.class)
    void onlyTheDomainWithAnOperationInFlightIsResumedAndItsOperationEnds(Interrupted operation) throws Exception {
        Path home = dir.resolve("home");
        givenAQuietDomainWhoseTakeRevertAndDeleteAllEnded(home);
        givenTwoSnapshots(home, "busy");
        int quietEvents = history(home, "quiet").size();
        stopAfterStoring(home, operation.command("busy"));

        try (LocalLedger ledger = LocalLedger.open(home)) {
            assertEquals(List.of("busy"), ledger.resumedOnOpen());
            List<String> busy = types(ledger, "busy");
            int resumed = busy.indexOf("OperationResumed");
            assertTrue(resumed > busy.lastIndexOf(operation.start), "not resumed: " + busy);
            assertTrue(busy.subList(resumed, busy.size()).stream().anyMatch(operation.ends::contains),
                    "the " + operation + " did not end: " + busy);
            assertNull(ledger.queries().domain("busy").orElseThrow().operation());
            assertEquals(quietEvents, types(ledger, "quiet").size(), "the quiet domain got events");
            assertEquals(List.of(), Fsck.check(ledger.queries(), "busy"));
        }
        try (LocalLedger again = LocalLedger.open(home)) {
            assertEquals(List.of(), again.resumedOnOpen(), "an ended operation was resumed again");
        }
    }

    @Test
    void aProjectionThatLostTheStartOfAnOperationIsRebuiltAndTheOperationStillResumed() throws Exception {
        Path home = dir.resolve("home");
        givenTwoSnapshots(home, "busy");
        Path before = copy(home.resolve("projection"), dir.resolve("projection-before"));
        stopAfterStoringAndProjecting(home, Interrupted.REVERT.command("busy"));
        // a power cut: the processor's token (in the event store) counts the revert's start, while
        // the projection's unsynced write-ahead log lost it
        delete(home.resolve("projection"));
        copy(before, home.resolve("projection"));
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();

        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), h -> EventOutlet.NONE, new PrintStream(warnings, true))) {
            assertEquals(List.of("busy"), ledger.resumedOnOpen());
            assertTrue(types(ledger, "busy").contains("RevertAborted"), types(ledger, "busy").toString());
            assertEquals(List.of(), Fsck.check(ledger.queries(), "busy"));
        }
        assertTrue(warnings.toString(StandardCharsets.UTF_8).contains("rebuilt it from the event store"),
                warnings.toString(StandardCharsets.UTF_8));
    }

    /** Takes, a revert, a deletion with device work and one without (its images keep s1: metadata only). */
    private void givenAQuietDomainWhoseTakeRevertAndDeleteAllEnded(Path home) {
        givenTwoSnapshots(home, "quiet");
        cli(home, "snapshot-revert", "quiet", "s1");
        cli(home, "snapshot-delete", "quiet", "s2");
        cli(home, "snapshot-delete", "quiet", "s1", "--metadata");
    }

    private void givenTwoSnapshots(Path home, String domain) {
        Path vda = disk(domain + "-vda");
        Path vdb = disk(domain + "-vdb");
        cli(home, "define", domain, "--disk", "vda=" + vda, "--disk", "vdb=" + vdb);
        cli(home, "snapshot-create", domain, "--name", "s1");
        Qemu.io(vda, "qcow2", "write -P 0x22 1M 1M");
        cli(home, "snapshot-create", domain, "--name", "s2");
    }

    /**
     * The command is stored as a process killed right after it would leave it: its start event and
     * its saga's state, and no device work (the runtime has no handler for device commands).
     */
    private static void stopAfterStoring(Path home, Object command) {
        CommandSideModule standard = CommandSideModule.standard();
        RuntimeSettings settings = RuntimeSettings.embedded(home, Clock.systemUTC(), new ImageDeviceWriter())
                .withResource(Identities.class, Identities.random())
                .withModule(new CommandSideModule(standard.aggregates(), standard.sagas(), List.of()));
        try (CommandRuntime runtime = CommandRuntime.start(settings)) {
            runtime.commandGateway().sendAndWait(command);
        }
    }

    /** As {@link #stopAfterStoring}, with the projection fed as in a ledger, up to the command's events. */
    private static void stopAfterStoringAndProjecting(Path home, Object command) {
        CommandSideModule standard = CommandSideModule.standard();
        try (SnapshotProjection projection = SnapshotProjection.open(home.resolve("projection"), EventJson.standard())) {
            RuntimeSettings settings = RuntimeSettings.embedded(home, Clock.systemUTC(), new ImageDeviceWriter())
                    .withResource(Identities.class, Identities.random())
                    .withModule(new CommandSideModule(standard.aggregates(), standard.sagas(), List.of()))
                    .withEventHandler(new ProjectionFeeder(projection), ProjectionFeeder.GROUP);
            try (CommandRuntime runtime = CommandRuntime.start(settings)) {
                runtime.commandGateway().sendAndWait(command);
                runtime.awaitCaughtUp(ProjectionFeeder.GROUP, Duration.ofMinutes(1));
            }
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
        return to;
    }

    private static void delete(Path tree) throws IOException {
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static List<HistoryEntry> history(Path home, String domain) {
        try (LocalLedger ledger = LocalLedger.open(home)) {
            return ledger.queries().history(HistoryQuery.everything().domain(domain));
        }
    }

    private static List<String> types(LocalLedger ledger, String domain) {
        return ledger.queries().history(HistoryQuery.everything().domain(domain)).stream()
                .map(HistoryEntry::type).toList();
    }

    private Path disk(String name) {
        Path img = dir.resolve(name + ".qcow2");
        Qemu.create(img, "8M");
        Qemu.io(img, "qcow2", "write -P 0x11 0 1M");
        return img;
    }

    private static void cli(Path home, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = Stream.concat(Stream.of("--home", home.toString()), Stream.of(args)).toArray(String[]::new);
        int exit = Main.run(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(0, exit, String.join(" ", args) + ": " + err.toString(StandardCharsets.UTF_8));
    }
}
