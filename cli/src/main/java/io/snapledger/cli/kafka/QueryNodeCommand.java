package io.snapledger.cli.kafka;

import io.snapledger.kafka.querynode.TopicFeed;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Main;
import io.snapledger.kafka.querynode.QueryNodeHome;
import io.snapledger.kafka.querynode.ServedPartitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code query-node}: the query side alone, in its own process and home, fed from the events
 * topic. The read-only commands ({@code snapshot-list}, {@code snapshot-info}, {@code history})
 * answer from its home.
 */
@Command(name = "query-node",
        description = {"Run the query side alone (give the brokers with --kafka BOOTSTRAP): read the events topic from Kafka into the projection of HOME "
                + "(no event store), resuming after the offsets stored with it.",
                "domains, snapshot-list/-info/-current/-parent/-dumpxml and history then answer with --home HOME."})
public final class QueryNodeCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--group", paramLabel = "ID",
            description = "Share the topic's partitions with the other nodes of this consumer group "
                    + "(default: read every partition). The read-only commands then answer only for the "
                    + "domains of the partitions this node reads now.")
    private String group;

    @Option(names = "--once", description = "Read up to the end of the topic as it is now, then exit.")
    private boolean once;

    @Option(names = "--json", description = "With --once: print the count of applied events as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        Main cli = Main.of(spec);
        String bootstrap = cli.kafkaSettings().bootstrap();
        if (bootstrap == null) {
            throw new BadUsageException("query-node needs the brokers to read from: --kafka HOST:PORT");
        }
        if (!once) {
            followUntilTerminated(cli, bootstrap);
            return 0;
        }
        try (QueryNodeHome home = QueryNodeHome.open(cli.home());
             TopicFeed feed = feed(cli, bootstrap, home)) {
            long applied = feed.catchUp(done -> { });
            if (json) {
                cli.out().println(new ObjectMapper().createObjectNode().put("events", applied));
            } else {
                cli.out().println("applied " + applied + " events from " + bootstrap);
            }
        }
        return 0;
    }

    /**
     * SIGTERM (or Ctrl-C) wakes the feed up between two batches; the hook then waits until the
     * consumer and the home are closed, so the JVM does not end under RocksDB.
     */
    private void followUntilTerminated(Main cli, String bootstrap) {
        CountDownLatch closed = new CountDownLatch(1);
        try (QueryNodeHome home = QueryNodeHome.open(cli.home());
             TopicFeed feed = feed(cli, bootstrap, home)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                feed.stop();
                awaitQuietly(closed);
            }, "query-node-stop"));
            cli.err().println("query node following " + bootstrap + " into " + cli.home() + "; stop it with SIGTERM");
            feed.follow(notice -> cli.err().println("query node: " + notice));
        } finally {
            closed.countDown();
        }
    }

    /**
     * In a group, the home keeps which partitions this member reads, so the read-only commands
     * answer only for their domains; without one it reads, and answers for, every domain.
     */
    private TopicFeed feed(Main cli, String bootstrap, QueryNodeHome home) {
        if (group == null) {
            ServedPartitions.forget(cli.home());
            return TopicFeed.start(bootstrap, null, home.projection());
        }
        return TopicFeed.start(bootstrap, group, home.projection(), served -> served.write(cli.home()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
