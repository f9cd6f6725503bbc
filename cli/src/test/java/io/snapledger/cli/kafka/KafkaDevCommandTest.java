package io.snapledger.cli.kafka;

import io.snapledger.cli.Main;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kafka-dev} as a user runs it: a process that serves Kafka until it is told to stop (Ctrl-C). */
class KafkaDevCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesABrokerUntilStoppedAndLeavesNoBrokerBehind() throws Exception {
        Path kept = dir.resolve("kafka");

        Path data = serveAndStop("--dir", kept.toString());

        assertEquals(kept, data);
        assertTrue(Files.isRegularFile(kept.resolve("node-1").resolve("broker.log")), "the --dir folder keeps the logs");
    }

    @Test
    void givenNoDir_whenStopped_thenItsScratchFolderIsGone() throws Exception {
        Path data = serveAndStop();

        assertTrue(data.startsWith(dir.resolve("tmp")), data.toString());
        assertFalse(Files.exists(data), "the scratch folder " + data + " is still there");
    }

    /** Runs kafka-dev as a user does, checks it serves, stops it as Ctrl-C does; returns the folder it used. */
    private Path serveAndStop(String... options) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--home", dir.resolve("home").toString(), "kafka-dev", "--json"));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("kafka-dev.err").toFile()).start();
        try {
            JsonNode ready;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                ready = new ObjectMapper().readTree(out.readLine());
            }
            String bootstrap = ready.get("bootstrap").asText();
            Path data = Path.of(ready.get("dir").asText());
            assertTrue(Files.isDirectory(data), "no data folder " + data + " while it runs");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertEquals(1, admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size());
            }

            process.destroy(); // SIGTERM, as Ctrl-C ends it
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "kafka-dev did not stop");
            String[] hostPort = bootstrap.split(":");
            await().atMost(Duration.ofSeconds(30)).until(() -> !accepts(hostPort[0], Integer.parseInt(hostPort[1])));
            return data;
        } finally {
            process.destroyForcibly();
        }
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
