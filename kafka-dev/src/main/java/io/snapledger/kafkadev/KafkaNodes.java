package io.snapledger.kafkadev;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * A local Kafka cluster of 1 to 3 KRaft nodes, each a child JVM running {@code kafka.Kafka} from
 * the Maven artifacts (no download, no Docker): for tests and {@code snapledger kafka-dev}. Every
 * node is broker and controller; the controller quorum is static (all nodes vote). Nodes can be
 * killed and restarted to test faults. Files (configuration, data, logs) live under the folder
 * given to {@link #start}.
 */
public final class KafkaNodes implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final List<BrokerNode> nodes;
    private final String bootstrap;
    /** Stops the nodes if this JVM ends without closing the cluster: brokers must not outlive their parent. */
    private final Thread stopOnExit = new Thread(this::stopNodes, "kafka-nodes-stop");

    private KafkaNodes(List<BrokerNode> nodes, String bootstrap) {
        this.nodes = nodes;
        this.bootstrap = bootstrap;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts {@code count} nodes on free ports and returns once all of them serve clients. */
    public static KafkaNodes start(int count, Path dir) {
        return start(count, dir, 0);
    }

    /**
     * @param firstPort the first node's client port (the next nodes take the following ports);
     *                  0 for free ports
     */
    public static KafkaNodes start(int count, Path dir, int firstPort) {
        if (count < 1 || count > 3) {
            throw new IllegalArgumentException("a local cluster has 1 to 3 nodes, not " + count);
        }
        int[] clientPorts = new int[count];
        int[] controllerPorts = new int[count];
        for (int i = 0; i < count; i++) {
            clientPorts[i] = firstPort == 0 ? freePort() : firstPort + i;
            controllerPorts[i] = freePort();
        }
        String voters = voters(controllerPorts);
        String classpath = BrokerClasspath.find();
        int formatted = formattedNodes(dir);
        if (formatted != 0 && formatted != count) {
            throw new IllegalArgumentException(dir + " holds a Kafka cluster of " + formatted + " node(s), not " + count
                    + "; start it with that many, or use another folder");
        }
        // a folder of an earlier run keeps its cluster: its nodes' storage is formatted for that id
        String clusterId = formatted > 0 ? clusterId(dir) : Uuid.randomUuid().toString();
        List<BrokerNode> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BrokerNode node = new BrokerNode(i + 1, dir.resolve("node-" + (i + 1)), classpath);
            node.format(clusterId, properties(i + 1, count, clientPorts[i], controllerPorts[i], voters,
                    dir.resolve("node-" + (i + 1)).resolve("data")));
            nodes.add(node);
        }
        String bootstrap = java.util.Arrays.stream(clientPorts).mapToObj(port -> "localhost:" + port)
                .collect(Collectors.joining(","));
        KafkaNodes cluster = new KafkaNodes(nodes, bootstrap);
        try {
            nodes.forEach(BrokerNode::start);
            cluster.awaitBrokers(count);
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** How many nodes of a cluster an earlier run formatted in {@code dir}: 0 for a new folder. */
    public static int formattedNodes(Path dir) {
        int nodes = 0;
        while (Files.exists(metaProperties(dir, nodes + 1))) {
            nodes++;
        }
        return nodes;
    }

    private static Path metaProperties(Path dir, int nodeId) {
        return dir.resolve("node-" + nodeId).resolve("data").resolve("meta.properties");
    }

    private static String clusterId(Path dir) {
        Properties meta = new Properties();
        try (var in = Files.newInputStream(metaProperties(dir, 1))) {
            meta.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka cluster's id in " + metaProperties(dir, 1), e);
        }
        String id = meta.getProperty("cluster.id");
        if (id == null || id.isBlank()) {
            throw new IllegalStateException(metaProperties(dir, 1) + " names no cluster.id; use another folder");
        }
        return id;
    }

    private static String voters(int[] controllerPorts) {
        List<String> voters = new ArrayList<>();
        for (int i = 0; i < controllerPorts.length; i++) {
            voters.add((i + 1) + "@localhost:" + controllerPorts[i]);
        }
        return String.join(",", voters);
    }

    private static String properties(int nodeId, int count, int clientPort, int controllerPort, String voters,
                                     Path data) {
        int replication = Math.min(3, count);
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + nodeId,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort,
                "advertised.listeners=PLAINTEXT://localhost:" + clientPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=1",
                // only snapledger creates its topics, with their settings
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=1",
                // consumers of a fresh group start at once instead of waiting 3 s for others
                "group.initial.rebalance.delay.ms=0",
                // a killed node is declared gone quickly, so partitions move on
                "broker.session.timeout.ms=6000",
                "broker.heartbeat.interval.ms=500",
                "");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for a Kafka node", e);
        }
    }

    /** The bootstrap servers, e.g. {@code localhost:9092,localhost:9093}. */
    public String bootstrap() {
        return bootstrap;
    }

    public int size() {
        return nodes.size();
    }

    /** Node {@code index} (0-based) crashes: SIGKILL, nothing flushed. */
    public void kill(int index) {
        nodes.get(index).kill();
    }

    /** Node {@code index} freezes (SIGSTOP) until {@link #resume}: clients time out rather than being refused. */
    public void pause(int index) {
        nodes.get(index).pause();
    }

    /** Node {@code index} goes on where it was paused (SIGCONT). */
    public void resume(int index) {
        nodes.get(index).resume();
    }

    /** Starts node {@code index} again on its old storage and waits until the cluster has all its brokers. */
    public void restart(int index) {
        nodes.get(index).start();
        awaitBrokers(nodes.size());
    }

    /** The log file of node {@code index}, where its output goes. */
    public Path log(int index) {
        return nodes.get(index).log();
    }

    /** Waits until {@code count} brokers are registered and answer. */
    public void awaitBrokers(int count) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 4000))) {
            while (System.nanoTime() < deadline) {
                requireAllAlive();
                try {
                    int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (brokers >= count) {
                        return;
                    }
                    last = brokers + " of " + count + " brokers registered";
                } catch (ExecutionException | TimeoutException e) {
                    last = String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException("the local Kafka cluster at " + bootstrap + " was not ready within "
                + READY_TIMEOUT + " (" + last + "); see " + log(0));
    }

    private void requireAllAlive() {
        for (BrokerNode node : nodes) {
            if (!node.running()) {
                throw new IllegalStateException("Kafka node " + node.nodeId() + " is not running; see " + node.log());
            }
        }
    }

    /**
     * Stops every node (killing any that does not stop in time). All are asked at once: a node
     * left alone without its controller quorum would wait in vain to shut down in order.
     */
    @Override
    public void close() {
        stopNodes();
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already: the hook runs, and finds the nodes stopped
        }
    }

    private synchronized void stopNodes() {
        nodes.forEach(BrokerNode::requestShutdown);
        nodes.forEach(BrokerNode::awaitStopped);
    }
}
