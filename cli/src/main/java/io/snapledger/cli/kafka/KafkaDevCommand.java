package io.snapledger.cli.kafka;

import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.cli.BadUsageException;
import io.snapledger.cli.Folders;
import io.snapledger.cli.Main;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code kafka-dev}: a local KRaft Kafka of 1 or 3 nodes from the Maven artifacts, to try the
 * topics without installing Kafka or Docker. Runs until Ctrl-C; its data lives in a scratch
 * folder that is gone afterwards unless {@code --dir} names one, which a later run starts again.
 */
@Command(name = "kafka-dev", description = "Run a local Kafka (KRaft, no Docker) until Ctrl-C.")
public final class KafkaDevCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--port", paramLabel = "N", description = "The first node's client port (default: a free port).")
    private int port;

    @Option(names = "--brokers", paramLabel = "1|3", defaultValue = "1", description = "How many nodes (default: 1).")
    private int brokers;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the nodes keep their data and logs (default: a scratch "
            + "folder, deleted when it stops); the folder of an earlier run starts that cluster again, topics and all.")
    private Path dir;

    @Option(names = "--json", description = "Print {\"bootstrap\": ...} once the brokers are ready.")
    private boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (brokers != 1 && brokers != 3) {
            throw new BadUsageException("--brokers must be 1 or 3, not " + brokers);
        }
        int formatted = dir == null ? 0 : KafkaNodes.formattedNodes(dir);
        if (formatted > 0 && formatted != brokers) {
            throw new BadUsageException(dir + " holds a Kafka cluster of " + formatted + " node(s): start it with "
                    + "--brokers " + formatted + ", or give another --dir");
        }
        boolean scratch = dir == null;
        Path data = scratch ? Files.createTempDirectory("snapledger-kafka-dev") : Files.createDirectories(dir);
        PrintStream out = Main.of(spec).out();
        PrintStream err = Main.of(spec).err();
        KafkaNodes nodes = KafkaNodes.start(brokers, data, port);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C: the nodes stop first (their files are in use until then), then a scratch folder goes
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            nodes.close();
            if (scratch) {
                deleteQuietly(data, err);
            }
            stopped.countDown();
        }, "kafka-dev-stop"));
        if (json) {
            out.println(new ObjectMapper().createObjectNode().put("bootstrap", nodes.bootstrap()).put("dir", data.toString()));
        } else {
            out.println("Kafka (" + brokers + " node" + (brokers == 1 ? "" : "s") + ") is running at " + nodes.bootstrap());
            out.println("Point snapledger at it:  snapledger config kafka.bootstrap " + nodes.bootstrap()
                    + "   (or --kafka " + nodes.bootstrap() + " on one command)");
            out.println("Data and logs: " + data + (scratch ? " (deleted when it stops; --dir DIR keeps them)" : "")
                    + ". Press Ctrl-C to stop.");
        }
        out.flush();
        stopped.await();
        return 0;
    }

    private static void deleteQuietly(Path data, PrintStream err) {
        try {
            Folders.deleteTree(data);
        } catch (IOException e) {
            err.println("could not delete the scratch folder " + data + " (" + e.getMessage() + "); delete it by hand");
        }
    }
}
