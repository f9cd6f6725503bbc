package io.snapledger.kafkadev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One KRaft node (broker and controller in one process) run as a child JVM of {@code kafka.Kafka}
 * with its own folder: {@code server.properties}, {@code data/} and {@code broker.log}, where the
 * child's output goes. Its storage is formatted once, before the first start; a restart reuses it.
 */
final class BrokerNode {
    private final int nodeId;
    private final Path dir;
    private final String classpath;
    private Process process;
    private boolean paused;

    BrokerNode(int nodeId, Path dir, String classpath) {
        this.nodeId = nodeId;
        this.dir = dir;
        this.classpath = classpath;
    }

    int nodeId() {
        return nodeId;
    }

    Path log() {
        return dir.resolve("broker.log");
    }

    /** Writes the configuration and formats the storage under the cluster id. */
    void format(String clusterId, String properties) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("server.properties"), properties);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the configuration of Kafka node " + nodeId + " in " + dir, e);
        }
        Process format = launch("kafka.tools.StorageTool", "format", "--ignore-formatted", "-t", clusterId,
                "-c", dir.resolve("server.properties").toString());
        try {
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new IllegalStateException("formatting the storage of Kafka node " + nodeId + " failed; see " + log());
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka node " + nodeId, e);
        }
    }

    void start() {
        if (running()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is already running");
        }
        process = launch("kafka.Kafka", dir.resolve("server.properties").toString());
        paused = false;
    }

    boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills the process at once (SIGKILL), as a crash would, and waits for it to be gone. */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitStopped();
        }
    }

    /**
     * Freezes the process (SIGSTOP), as a long pause of the whole machine would: its connections
     * stay open but nothing answers, so clients time out instead of being refused.
     */
    void pause() {
        signal("STOP");
        paused = true;
    }

    /** Lets a paused process go on (SIGCONT). */
    void resume() {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) {
        if (!running()) {
            throw new IllegalStateException("Kafka node " + nodeId + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + name + " failed for Kafka node " + nodeId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal Kafka node " + nodeId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling Kafka node " + nodeId, e);
        }
    }

    /** Asks the node to shut down in order (SIGTERM) without waiting; see {@link #awaitStopped()}. */
    void requestShutdown() {
        if (process != null) {
            process.destroy();
            if (paused) {
                resume(); // a paused process would keep the SIGTERM pending
            }
        }
    }

    /** Waits for the process to end, killing it if it has not within 20 s. */
    void awaitStopped() {
        if (process == null) {
            return;
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Process launch(String mainClass, String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                // a broker for development and tests: small heap, quick start on few cores
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass + " for Kafka node " + nodeId, e);
        }
    }
}
