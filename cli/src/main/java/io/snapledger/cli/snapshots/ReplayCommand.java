package io.snapledger.cli.snapshots;

import io.snapledger.cli.Main;
import io.snapledger.cli.image.ProgressDisplay;
import io.snapledger.core.LedgerService;
import io.snapledger.kafka.querynode.KafkaReplay;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code replay}: throw the projection away and rebuild it from the event store, the source of
 * truth, or with {@code --from-kafka} from the events topic.
 */
@Command(name = "replay",
        description = "Rebuild the snapshot trees, indexes and history from the event store (or the events topic), "
                + "with progress on stderr.")
public final class ReplayCommand implements Callable<Integer> {
    private static final double NANOS_PER_SECOND = 1e9;

    @Spec
    private CommandSpec spec;

    @Option(names = "--from-kafka", paramLabel = "BOOTSTRAP",
            description = "Rebuild from the whole events topic at these brokers instead (on a home with an "
                    + "event store the topic must hold exactly its events).")
    private String fromKafka;

    @Option(names = "--json", description = "Print the count, time and rate as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        Main cli = Main.of(spec);
        if (fromKafka != null) {
            try (ProgressDisplay progress = ProgressDisplay.counting(cli, "replay", "events")) {
                KafkaReplay.Replayed replayed = KafkaReplay.rebuild(cli.home(), cli::openLedger, fromKafka, progress);
                report(cli, replayed.events(), replayed.nanos());
            }
            return 0;
        }
        try (LedgerService ledger = cli.openLedger();
             ProgressDisplay progress = ProgressDisplay.counting(cli, "replay", "events")) {
            long expected = ledger.storedEvents();
            // elapsed time, not a time of day: the monotonic timer, not the (injectable) clock
            long start = System.nanoTime();
            long events = ledger.replay(done -> progress.progress(done, expected));
            report(cli, events, System.nanoTime() - start);
        }
        return 0;
    }

    private void report(Main cli, long events, long nanos) {
        double seconds = nanos / NANOS_PER_SECOND;
        double rate = seconds > 0 ? events / seconds : 0;
        if (json) {
            cli.out().println(SnapshotJson.pretty(SnapshotJson.MAPPER.createObjectNode()
                    .put("events", events).put("seconds", seconds).put("eventsPerSecond", Math.round(rate))));
        } else {
            cli.out().printf(Locale.ROOT, "replayed %d events in %.2f s (%.0f events/s)%n", events, seconds, rate);
        }
    }
}
