package io.snapledger.daemon;

import io.snapledger.cli.DaemonFile;
import io.snapledger.cli.Invocation;
import io.snapledger.cli.Main;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.core.LedgerService;
import io.snapledger.kafka.KafkaSettings;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs clients' command lines against the daemon's warm ledger, each exactly as it would run
 * in-process (the same {@link Main}, so the same output, errors and exit codes), with the client's
 * working folder, home and terminal. Listens on a loopback port; a client proves it may use the
 * home with the secret of {@code HOME/daemon}, which only the home's owner can read.
 */
final class CommandLineServer implements AutoCloseable {
    private final Path home;
    private final KafkaSettings kafka;
    private final LedgerService ledger;
    private final ServerSocket socket;
    private final String secret;
    /** A client that connects and says nothing is dropped after this long. */
    private static final int REQUEST_TIMEOUT_MILLIS = 10_000;
    /** Commands running at once; a client past that is told the daemon is busy. */
    private static final int MAX_RUNNING = 64;
    private final ExecutorService commands = new ThreadPoolExecutor(0, MAX_RUNNING, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemonThreads("snapledger-command"));
    private final Thread acceptor;
    private final AtomicInteger running = new AtomicInteger();
    private final Main.Reused commandLines = new Main.Reused();

    private CommandLineServer(Path home, KafkaSettings kafka, LedgerService ledger, ServerSocket socket,
                              String secret) {
        this.home = home;
        this.kafka = kafka;
        this.ledger = ledger;
        this.socket = socket;
        this.secret = secret;
        this.acceptor = daemonThreads("snapledger-accept").newThread(this::acceptLoop);
    }

    /** Listens on an ephemeral loopback port and tells clients so through {@code HOME/daemon}. */
    static CommandLineServer start(Path home, KafkaSettings kafka, LedgerService ledger) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        CommandLineServer server = new CommandLineServer(home, kafka, ledger, socket, HexFormat.of().formatHex(random));
        server.file().write(home);
        server.acceptor.start();
        return server;
    }

    DaemonFile file() {
        return new DaemonFile(socket.getLocalPort(), secret, ProcessHandle.current().pid());
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                try {
                    commands.execute(() -> serve(client));
                } catch (RejectedExecutionException busy) {
                    refuseBusy(client);
                }
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    System.err.println("snapledger serve: cannot accept a client: " + e.getMessage());
                }
            }
        }
    }

    /** Every command thread is taken (long merges, say): the client hears so rather than waiting unseen. */
    private static void refuseBusy(Socket client) {
        try (client; OutputStream out = client.getOutputStream()) {
            Frames frames = new Frames(out);
            PrintStream stderr = new PrintStream(frames.stream('e'), true, StandardCharsets.UTF_8);
            stderr.println("snapledger: the daemon is running " + MAX_RUNNING + " commands; try again when some "
                    + "have finished");
            frames.exit(1);
        } catch (IOException e) {
            // the client went away
        }
    }

    private void serve(Socket client) {
        running.incrementAndGet();
        try (client; InputStream in = new BufferedInputStream(client.getInputStream());
             OutputStream out = new BufferedOutputStream(client.getOutputStream())) {
            client.setSoTimeout(REQUEST_TIMEOUT_MILLIS);
            Request request = Request.read(in);
            if (!MessageDigest.isEqual(request.secret().getBytes(StandardCharsets.UTF_8),
                    secret.getBytes(StandardCharsets.UTF_8))) {
                return; // not the home's owner: no answer at all
            }
            Frames frames = new Frames(out);
            PrintStream stdout = new PrintStream(frames.stream('o'), true, StandardCharsets.UTF_8);
            PrintStream stderr = new PrintStream(frames.stream('e'), true, StandardCharsets.UTF_8);
            Invocation invocation = new Invocation(stdout, stderr, request.stderrIsTerminal(), Clock.systemUTC(),
                    request.workingDirectory(), request.home(), this::ledgerFor);
            int exit = commandLines.run(request.args().toArray(String[]::new), invocation);
            stdout.flush();
            stderr.flush();
            frames.exit(exit);
        } catch (IOException e) {
            // the client went away (Ctrl-C) or spoke no protocol of ours: the command's own work stands
        } finally {
            running.decrementAndGet();
        }
    }

    /** The ledger for a command of this home: the warm one; another home is not this daemon's. */
    private LedgerService ledgerFor(Path commandHome, KafkaSettings commandKafka, Clock clock, PrintStream err) {
        if (!commandHome.toAbsolutePath().normalize().equals(home.toAbsolutePath().normalize())) {
            throw new DomainRuleException("HOME_SERVED", "this daemon serves the home " + home + ", not " + commandHome
                    + "; give that home's own daemon the command, or stop this one");
        }
        if (!java.util.Objects.equals(commandKafka.bootstrap(), kafka.bootstrap())) {
            throw new DomainRuleException("HOME_SERVED", "the home " + home + " is held by 'snapledger serve', which "
                    + "publishes to " + (kafka.enabled() ? kafka.bootstrap() : "no Kafka") + "; give --kafka to serve "
                    + "instead (stop it and start it again)");
        }
        return new SharedLedger(ledger, err);
    }

    /** Stops taking command lines and waits until the running ones ended. */
    @Override
    public void close() throws IOException {
        file().remove(home);
        socket.close();
        commands.shutdown();
        try {
            while (!commands.awaitTermination(1, TimeUnit.SECONDS)) {
                System.err.println("snapledger serve: waiting for " + running.get() + " command(s) to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
