package io.snapledger.daemon;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;

/**
 * {@code snapledger serve}: holds the home (its lock), its warm runtime and its Kafka publishing,
 * and runs the command lines of the {@code snapledger} clients of that home, which then answer in
 * a few milliseconds instead of a JVM's start. SIGTERM (or Ctrl-C) lets running commands finish,
 * then releases the home and exits 0.
 */
@Command(name = "serve", description = "Hold the home warm and answer its snapledger clients; SIGTERM stops it.")
public final class ServeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT",
            description = "Also answer HTTP (GET /healthz) on this address, e.g. 127.0.0.1:8080.")
    private String listen;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Main cli = Main.of(spec);
        Path home = cli.home();
        InetSocketAddress http = listen == null ? null : HealthEndpoint.address(listen);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        try (LedgerService ledger = cli.openLedger();
             CommandLineServer commands = CommandLineServer.start(home, cli.kafkaSettings(), ledger);
             HealthEndpoint health = http == null ? null : HealthEndpoint.start(http, ledger)) {
            cli.err().println("snapledger serve: holding " + home + (health == null ? "" : ", health at "
                    + health.url()) + "; stop it with SIGTERM");
            stop.await();
            cli.err().println("snapledger serve: stopping once the running commands finished");
        }
        return 0;
    }
}
