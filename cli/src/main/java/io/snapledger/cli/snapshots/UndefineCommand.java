package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code undefine}: snapledger forgets the domain; its image files stay, and so does its history. */
@Command(name = "undefine", description = "Forget a domain that has no snapshots left; its images stay.")
public final class UndefineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN")
    private String domain;

    @Override
    public Integer call() {
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            ledger.undefine(Main.of(spec).caller(), domain);
        }
        Main.of(spec).out().println("Domain " + domain + " has been undefined");
        return 0;
    }
}
