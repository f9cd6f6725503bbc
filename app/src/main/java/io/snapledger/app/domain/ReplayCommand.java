package io.snapledger.app.domain;

import io.snapledger.app.Main;
import io.snapledger.app.image.ProgressDisplay;
import io.snapledger.app.ledger.Ledger;
import io.snapledger.command.domain.DomainRuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code replay}: throw the projection away and rebuild it from the event store, the source of truth. */
@Command(name = "replay",
        description = "Rebuild the snapshot trees, indexes and history from the event store, with progress on stderr.")
public final class ReplayCommand implements Callable<Integer> {
    private static final double NANOS_PER_SECOND = 1e9;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from-kafka", paramLabel = "BOOTSTRAP",
            description = "Rebuild from the events topic instead (not available in this build yet).")
    private String fromKafka;

    @Option(names = "--json", description = "Print the count, time and rate as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        if (fromKafka != null) {
            throw new DomainRuleException("NOT_AVAILABLE", "replay --from-kafka is not available in this build yet; "
                    + "run 'snapledger replay' to rebuild from the event store");
        }
        Main cli = Main.of(spec);
        try (Ledger ledger = cli.openLedger();
             ProgressDisplay progress = ProgressDisplay.counting(cli, "replay", "events")) {
            long expected = ledger.projectedEvents();
            // elapsed time, not a time of day: the monotonic timer, not the (injectable) clock
            long start = System.nanoTime();
            long events = ledger.replay(done -> progress.progress(done, expected));
            double seconds = (System.nanoTime() - start) / NANOS_PER_SECOND;
            double rate = seconds > 0 ? events / seconds : 0;
            if (json) {
                cli.out().println(SnapshotJson.pretty(SnapshotJson.MAPPER.createObjectNode()
                        .put("events", events).put("seconds", seconds).put("eventsPerSecond", Math.round(rate))));
            } else {
                cli.out().printf(Locale.ROOT, "replayed %d events in %.2f s (%.0f events/s)%n", events, seconds, rate);
            }
        }
        return 0;
    }
}
