package io.snapledger.app.domain;

import io.snapledger.app.Main;
import io.snapledger.app.ledger.Ledger;
import io.snapledger.events.command.UndefineDomain;
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
        try (Ledger ledger = Main.of(spec).openLedger()) {
            ledger.send(new UndefineDomain(domain, Operator.meta(null)));
            ledger.catchUp();
        }
        Main.of(spec).out().println("Domain " + domain + " has been undefined");
        return 0;
    }
}
