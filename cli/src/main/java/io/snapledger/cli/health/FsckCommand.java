package io.snapledger.cli.health;

import io.snapledger.core.health.Problem;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.snapledger.cli.Main;
import io.snapledger.core.LedgerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code fsck [DOMAIN] [--json]}: do the images hold exactly what the history says? Exit 1 if not. */
@Command(name = "fsck", description = "Check that every image holds exactly what the history says.")
public final class FsckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", arity = "0..1", description = "One domain (default: all).")
    private String domain;

    @Option(names = "--json", description = "The problems as a JSON array.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        List<Problem> problems;
        try (LedgerService ledger = Main.of(spec).openLedger()) {
            problems = ledger.fsck(domain);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ArrayNode array = mapper.createArrayNode();
            problems.forEach(p -> array.add(mapper.valueToTree(p)));
            Main.of(spec).out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else if (problems.isEmpty()) {
            Main.of(spec).out().println("No problems were found.");
        } else {
            problems.forEach(p -> Main.of(spec).out().println(p));
            Main.of(spec).out().println(problems.size() + " problem(s) found.");
        }
        return problems.isEmpty() ? 0 : 1;
    }
}
