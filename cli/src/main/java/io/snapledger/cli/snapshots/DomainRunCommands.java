package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** virsh's {@code start}, {@code shutdown} and {@code destroy} for live domains. */
public final class DomainRunCommands {
    private DomainRunCommands() {
    }

    /** {@code start DOMAIN [--paused]}: snapledger starts the domain's QEMU (a domain defined with --emulator). */
    @Command(name = "start", description = "Start the QEMU of a domain defined with --emulator.")
    public static final class Start implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DOMAIN")
        private String domain;

        @Option(names = "--paused", description = "Start with the CPUs stopped.")
        private boolean paused;

        @Override
        public Integer call() throws Exception {
            try (LedgerService ledger = Main.of(spec).openLedger()) {
                ledger.start(domain, paused);
            }
            Main.of(spec).out().println("Domain " + domain + " started" + (paused ? " (paused)" : ""));
            return 0;
        }
    }

    /** {@code shutdown DOMAIN}: QEMU quits, closing its images cleanly. */
    @Command(name = "shutdown", description = "Shut a live domain down: its QEMU quits, closing its images cleanly.")
    public static final class Shutdown implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DOMAIN")
        private String domain;

        @Override
        public Integer call() {
            try (LedgerService ledger = Main.of(spec).openLedger()) {
                ledger.shutdown(domain);
            }
            Main.of(spec).out().println("Domain " + domain + " is being shutdown");
            return 0;
        }
    }

    /** {@code destroy DOMAIN}: the QEMU snapledger started is killed. */
    @Command(name = "destroy", description = "Kill the QEMU of a domain snapledger started (like pulling the plug).")
    public static final class Destroy implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "DOMAIN")
        private String domain;

        @Override
        public Integer call() {
            try (LedgerService ledger = Main.of(spec).openLedger()) {
                ledger.destroy(domain);
            }
            Main.of(spec).out().println("Domain " + domain + " destroyed");
            return 0;
        }
    }
}
