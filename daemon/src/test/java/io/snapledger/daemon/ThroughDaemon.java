package io.snapledger.daemon;

import io.snapledger.cli.Cli;
import io.snapledger.core.LedgerService;
import io.snapledger.core.LocalLedger;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.kafka.Publishing;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the command-line suite through a daemon: every command line that names a home goes to a
 * daemon holding that home (started in this JVM with the test's clock, so events carry the times
 * the tests set) over the same protocol the launcher speaks; the tests' assertions on stdout,
 * stderr and exit codes then hold for the daemon as they do in-process. The commands the launcher
 * runs in-process (image, demo, ...) run in-process here too.
 *
 * <p>Registered for the suite's run by JUnit's extension autodetection (see the daemon's pom).
 */
public final class ThroughDaemon implements BeforeAllCallback, AfterEachCallback, Cli.Runner {
    /** As the launcher: these run in a process of their own, or read files relative to the client's folder. */
    private static final Set<String> IN_PROCESS = Set.of("serve", "kafka-dev", "query-node", "image", "demo");
    private static final Map<Path, Served> DAEMONS = new HashMap<>();

    private record Served(LedgerService ledger, CommandLineServer server, Clock clock) {
        void stop() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                ledger.close();
            }
        }
    }

    /** The command line's own suite goes through a daemon; the daemon's tests use the CLI as they say. */
    @Override
    public void beforeAll(ExtensionContext context) {
        boolean commandLineSuite = context.getRequiredTestClass().getPackageName().startsWith("io.snapledger.cli");
        Cli.runThrough(commandLineSuite ? this : Cli.IN_PROCESS);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopAll();
    }

    @Override
    public Cli.Result run(String[] args, boolean stderrIsTerminal, Clock clock) {
        List<String> list = Arrays.asList(args);
        int homeAt = list.indexOf("--home");
        if (homeAt < 0 || list.stream().anyMatch(IN_PROCESS::contains)) {
            return Cli.IN_PROCESS.run(args, stderrIsTerminal, clock);
        }
        Path home = Path.of(list.get(homeAt + 1)).toAbsolutePath().normalize();
        try {
            serve(home, clock);
            DaemonClient.Answer answer = DaemonClient.run(home, Path.of("").toAbsolutePath(), stderrIsTerminal, list)
                    .orElseThrow(() -> new AssertionError("the daemon of " + home + " does not answer"));
            return new Cli.Result(answer.exit(), answer.out(), answer.err());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A daemon for {@code home} with this clock: a test that changes its clock gets a daemon with the new one. */
    private static synchronized void serve(Path home, Clock clock) throws IOException {
        Served served = DAEMONS.get(home);
        if (served != null && served.clock() == clock) {
            return;
        }
        if (served != null) {
            served.stop();
            DAEMONS.remove(home);
        }
        KafkaSettings kafka = KafkaSettings.of(home);
        LedgerService ledger = LocalLedger.open(home, clock, Publishing.opener(kafka), System.err);
        try {
            DAEMONS.put(home, new Served(ledger, CommandLineServer.start(home, kafka, ledger), clock));
        } catch (IOException | RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    private static synchronized void stopAll() {
        DAEMONS.values().forEach(Served::stop);
        DAEMONS.clear();
    }
}
