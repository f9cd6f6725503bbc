package io.snapledger.command.runtime;

import io.snapledger.events.command.DefineDomain;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.DuplicateCommandHandlerSubscriptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded store: its tables, and that one runtime at a time owns it. */
class EventStoreDatabaseTest {

    @TempDir
    Path home;

    @Test
    void theFirstStartCreatesEveryTableInTheStoreUnderTheHome() {
        try (TestRuntime runtime = TestRuntime.start(home)) {
            runtime.define();
        }

        List<Map<String, String>> tables = StoreTables.query(home,
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'PUBLIC' ORDER BY table_name");

        assertTrue(home.resolve("store").resolve("events.mv.db").toFile().isFile());
        assertEquals(List.of("ASSOCIATIONVALUEENTRY", "DOMAINEVENTENTRY", "SAGAENTRY", "SNAPSHOTEVENTENTRY", "TOKENENTRY"),
                tables.stream().map(row -> row.get("table_name")).toList());
    }

    @Test
    void aSecondRuntimeOnTheSameHomeIsRefusedWhileTheFirstRuns() {
        try (TestRuntime first = TestRuntime.start(home)) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> TestRuntime.start(home));

            assertTrue(refused.getMessage().contains("is already open in this process"), refused.getMessage());
            first.define();
        }
        try (TestRuntime again = TestRuntime.start(home)) {
            again.take("a");
        }
    }

    @Test
    void aStartThatFailsLeavesTheStoreFreeForTheNextStart() {
        RuntimeSettings settings = TestRuntime.settings(home, 0);
        CommandSideModule module = settings.module();
        RuntimeSettings twoHandlersForOneCommand = settings.withModule(new CommandSideModule(module.aggregates(),
                module.sagas(), List.of(c -> new SecondDefiner())));

        RuntimeException failed = assertThrows(RuntimeException.class, () -> TestRuntime.start(twoHandlersForOneCommand));
        assertTrue(causes(failed).anyMatch(DuplicateCommandHandlerSubscriptionException.class::isInstance),
                String.valueOf(failed));

        try (TestRuntime next = TestRuntime.start(home)) {
            next.define();
        }
    }

    private static Stream<Throwable> causes(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, Throwable::getCause);
    }

    /** Handles a command {@link TestDomain} handles too, which the command bus refuses. */
    public static final class SecondDefiner {

        @CommandHandler
        public void handle(DefineDomain command) {
            throw new AssertionError("never called");
        }
    }
}
