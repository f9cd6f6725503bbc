package io.snapledger.cli;

import io.snapledger.cli.snapshots.DefineCommand;
import io.snapledger.cli.snapshots.DemoCommand;
import io.snapledger.cli.snapshots.DomainsCommand;
import io.snapledger.cli.snapshots.HistoryCommand;
import io.snapledger.cli.snapshots.QuerySnapshotsCommand;
import io.snapledger.cli.snapshots.ReplayCommand;
import io.snapledger.cli.snapshots.SnapshotCreateCommand;
import io.snapledger.cli.snapshots.SnapshotCurrentCommand;
import io.snapledger.cli.snapshots.SnapshotDeleteCommand;
import io.snapledger.cli.snapshots.SnapshotDumpXmlCommand;
import io.snapledger.cli.snapshots.SnapshotEditCommand;
import io.snapledger.cli.snapshots.SnapshotInfoCommand;
import io.snapledger.cli.snapshots.SnapshotListCommand;
import io.snapledger.cli.snapshots.SnapshotParentCommand;
import io.snapledger.cli.snapshots.SnapshotRevertCommand;
import io.snapledger.cli.snapshots.UndefineCommand;
import io.snapledger.cli.health.CompactCommand;
import io.snapledger.cli.health.FsckCommand;
import io.snapledger.cli.health.ReconcileCommand;
import io.snapledger.cli.health.StatusCommand;
import io.snapledger.cli.image.ImageCommand;
import io.snapledger.cli.kafka.ConfigCommand;
import io.snapledger.cli.kafka.KafkaDevCommand;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.Caller;
import io.snapledger.core.LedgerReads;
import io.snapledger.core.LedgerService;
import io.snapledger.core.LocalLedger;
import io.snapledger.kafka.Publishing;
import io.snapledger.kafka.querynode.QueryNodeHome;
import io.snapledger.cli.kafka.QueryNodeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The {@code snapledger} command line. Subcommands reach the streams and settings of one run
 * through {@link #of(CommandSpec)}, so tests can run the whole CLI in-process.
 */
@Command(name = "snapledger",
        scope = ScopeType.INHERIT,
        separator = " ",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Event-sourced history of virtual-machine disk snapshots.",
        subcommands = {
            DefineCommand.class, UndefineCommand.class, DomainsCommand.class,
            io.snapledger.cli.snapshots.DomainRunCommands.Start.class,
            io.snapledger.cli.snapshots.DomainRunCommands.Shutdown.class,
            io.snapledger.cli.snapshots.DomainRunCommands.Destroy.class,
            SnapshotCreateCommand.class, SnapshotListCommand.class, SnapshotInfoCommand.class,
            SnapshotParentCommand.class, SnapshotDumpXmlCommand.class, SnapshotCurrentCommand.class,
            SnapshotRevertCommand.class, SnapshotDeleteCommand.class, SnapshotEditCommand.class,
            HistoryCommand.class, ReplayCommand.class, QuerySnapshotsCommand.class, FsckCommand.class,
            ReconcileCommand.class, StatusCommand.class, CompactCommand.class, ConfigCommand.class,
            KafkaDevCommand.class,
            QueryNodeCommand.class,
            DemoCommand.class, ImageCommand.class, HelpCommand.class})
public final class Main {
    /** Set by the launcher script, which can ask the shell whether stderr is a terminal; Java 17 cannot. */
    static final String STDERR_TERMINAL_PROPERTY = "snapledger.stderr.terminal";

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            defaultValue = "${env:SNAPLEDGER_HOME:-${sys:user.home}${sys:file.separator}.snapledger}",
            description = "Where snapledger keeps its state (default: $SNAPLEDGER_HOME, then ~/.snapledger; "
                    + "now ${DEFAULT-VALUE}).")
    private Path home;

    @Option(names = "--kafka", paramLabel = "BOOTSTRAP", scope = ScopeType.INHERIT,
            description = "Publish events to the Kafka brokers HOST:PORT[,HOST:PORT...] (overrides "
                    + "kafka.bootstrap in HOME/snapledger.properties; see 'snapledger config').")
    private String kafka;

    /** This run's; a command line kept for reuse ({@link Reused}) gets the next run's before it runs. */
    private Invocation invocation;

    private Main(Invocation invocation) {
        this.invocation = invocation;
    }

    public static void main(String[] args) {
        System.exit(run(args, inProcess()));
    }

    /** This process's invocation, with stderr a terminal when the launcher says so. */
    public static Invocation inProcess() {
        String terminal = System.getProperty(STDERR_TERMINAL_PROPERTY);
        boolean stderrIsTerminal = terminal != null ? Boolean.parseBoolean(terminal) : System.console() != null;
        return Invocation.inProcess(System.out, System.err, stderrIsTerminal, Clock.systemUTC());
    }

    /** Runs one command line and returns its exit code; nothing is printed outside {@code out} and {@code err}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean stderrIsTerminal) {
        return run(args, out, err, stderrIsTerminal, Clock.systemUTC());
    }

    /** Tests set the clock that stamps the events, so they know when each happened. */
    static int run(String[] args, PrintStream out, PrintStream err, boolean stderrIsTerminal, Clock clock) {
        return run(args, Invocation.inProcess(out, err, stderrIsTerminal, clock));
    }

    /**
     * Runs one command line as {@code invocation} says.
     *
     * @param moreCommands further subcommands, e.g. a daemon's {@code serve}
     */
    public static int run(String[] args, Invocation invocation, Object... moreCommands) {
        return execute(build(invocation, moreCommands), args, invocation);
    }

    private static CommandLine build(Invocation invocation, Object... moreCommands) {
        CommandLine commandLine = new CommandLine(new Main(invocation));
        for (Object command : moreCommands) {
            commandLine.addSubcommand(command);
        }
        return commandLine.setParameterExceptionHandler(CliErrors::onUsageError)
                .setExecutionExceptionHandler(CliErrors::onFailure);
    }

    private static int execute(CommandLine commandLine, String[] args, Invocation invocation) {
        ((Main) commandLine.getCommand()).invocation = invocation;
        String defaultHome = invocation.defaultHome() == null ? null : invocation.defaultHome().toString();
        commandLine.setDefaultValueProvider(defaultHome == null ? null
                : arg -> arg.isOption() && "--home".equals(((OptionSpec) arg).longestName()) ? defaultHome : null);
        PrintStream out = invocation.out();
        PrintStream err = invocation.err();
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        commandLine.setOut(outWriter).setErr(errWriter);
        try {
            return commandLine.execute(args);
        } finally {
            outWriter.flush();
            errWriter.flush();
            out.flush();
            err.flush();
        }
    }

    /**
     * Command lines built once and run again and again, each by one run at a time: building the
     * model of every command from its annotations takes milliseconds, parsing a line again a
     * fraction of one (picocli puts every option back to its initial value first). A daemon keeps
     * one of these for all its clients.
     */
    public static final class Reused {
        private final Queue<CommandLine> idle = new ConcurrentLinkedQueue<>();

        /** Runs one command line as {@code invocation} says, on an idle command line or a new one. */
        public int run(String[] args, Invocation invocation) {
            CommandLine commandLine = idle.poll();
            if (commandLine == null) {
                commandLine = build(invocation);
            }
            try {
                return execute(commandLine, args, invocation);
            } finally {
                idle.add(commandLine);
            }
        }
    }

    /** The settings of the run that {@code spec} (any command of this CLI) belongs to. */
    public static Main of(CommandSpec spec) {
        return (Main) spec.root().userObject();
    }

    /** The home, absolute: a relative {@code --home} is taken in the invocation's working folder. */
    public Path home() {
        return path(home.toString());
    }

    /** A path the user gave, resolved in the invocation's working folder (the client's, through a daemon). */
    public Path path(String given) {
        return invocation.workingDirectory().resolve(given).normalize();
    }

    /** The brokers given with {@code --kafka} on this command line, or null (the home's setting not consulted). */
    public String kafkaOption() {
        return kafka;
    }

    /** The home's Kafka settings, with the bootstrap servers given by {@code --kafka} if any. */
    public KafkaSettings kafkaSettings() {
        KafkaSettings settings = KafkaSettings.of(home);
        return kafka == null ? settings : settings.withBootstrap(kafka);
    }

    /** Opens this run's home for a command; close it when the command is done. */
    public LedgerService openLedger() {
        return invocation.ledgers().open(home(), kafkaSettings(), invocation.clock(), invocation.err());
    }

    /** Opens another home (the demo's scratch one) with these Kafka settings, in this process. */
    public LedgerService openLedger(Path otherHome, KafkaSettings kafka) {
        return openLocal(otherHome, kafka, invocation.clock(), invocation.err());
    }

    /** The composition of a home in this process: the ledger with its Kafka outlet. */
    static LedgerService openLocal(Path home, KafkaSettings kafka, Clock clock, PrintStream err) {
        return LocalLedger.open(home, clock, Publishing.opener(kafka), err);
    }

    /** Who runs this command line, recorded with every event it causes. */
    public Caller caller() {
        return Caller.osUser();
    }

    /**
     * Opens this run's home for a read-only command: a query node's home answers from its
     * projection alone, opened read-only so it answers while the node runs; any other home
     * through its ledger.
     */
    public LedgerReads openQuerySide() {
        return QueryNodeHome.is(home) ? QueryNodeHome.openForQueries(home) : openLedger();
    }

    /** {@link #openQuerySide()} for questions about one domain: refused where it is not served now. */
    public LedgerReads openQuerySide(String domain) {
        LedgerReads side = openQuerySide();
        try {
            side.requireServes(domain);
            return side;
        } catch (RuntimeException e) {
            side.close();
            throw e;
        }
    }

    public PrintStream out() {
        return invocation.out();
    }

    public PrintStream err() {
        return invocation.err();
    }

    /** Progress bars are drawn only for a person watching a terminal, never into a log or a pipe. */
    public boolean stderrIsTerminal() {
        return invocation.stderrIsTerminal();
    }
}
