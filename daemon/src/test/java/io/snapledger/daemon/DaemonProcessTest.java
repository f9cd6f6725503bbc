package io.snapledger.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapledger.cli.Cli;
import io.snapledger.cli.DaemonFile;
import io.snapledger.image.testing.Qemu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as an operator runs it: {@code serve} in a process of its own, clients through the
 * launcher script (bash, no JVM), SIGTERM and SIGKILL from outside.
 */
class DaemonProcessTest {
    private static final Path LAUNCHER = Path.of("").toAbsolutePath().getParent().resolve("snapledger");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    @AfterEach
    void killDaemons() throws InterruptedException {
        for (Process daemon : daemons) {
            daemon.destroyForcibly();
            daemon.waitFor();
        }
    }

    @Test
    void clientsAnswerThroughTheDaemonAndSigtermReleasesTheHomeWithExitZero() throws Exception {
        Path home = define("vm", 2);
        Process daemon = serve(home, false, "--listen", "127.0.0.1:0");
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(healthUrl())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("serving", JSON.readTree(health.body()).get("status").asText());
        assertEquals(1, JSON.readTree(health.body()).get("domains").asInt());

        Client created = client(home, "snapshot-create", "vm", "--name", "s1");
        assertEquals(new Client(0, "Domain snapshot s1 created\n", ""), created);
        assertTrue(client(home, "snapshot-list", "vm").out().contains(" s1 "));
        Client refused = client(home, "snapshot-info", "vm", "nope");
        assertEquals(new Client(1, "", "snapledger: domain vm has no snapshot 'nope' (by name, UUID or number); list "
                + "them with 'snapledger snapshot-list vm'\n"), refused);
        // what needs the home to itself, or other settings than the daemon's, is refused in one line
        assertEquals(new Client(1, "", "snapledger: compact rewrites the event store's file, which 'snapledger serve' "
                + "keeps open: stop the daemon (SIGTERM), then run compact\n"), client(home, "compact"));
        assertEquals(new Client(1, "", "snapledger: the home " + home + " is held by 'snapledger serve', which "
                + "publishes to no Kafka; give --kafka to serve instead (stop it and start it again)\n"),
                client(home, "--kafka", "127.0.0.1:9", "snapshot-list", "vm"));
        // a path is the client's, resolved in the client's folder, not the daemon's
        Qemu.create(dir.resolve("c.qcow2"), "16M");
        assertEquals(0, client(home, "define", "vm2", "--disk", "vda=c.qcow2").exit());
        JsonNode devices = JSON.readTree(client(home, "query-snapshots", "vm2").out());
        assertEquals(dir.resolve("c.qcow2").toString(), devices.get(0).get("file").asText());

        daemon.destroy(); // SIGTERM
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue());
        assertFalse(Files.exists(DaemonFile.of(home)), "the daemon's file outlived it");
        // the home is free again: a command runs in-process
        assertEquals(0, Cli.run("--home", home, "snapshot-current", "vm").exit());
    }

    @Test
    void aKilledDaemonLeavesNothingThatStopsTheNextCommand() throws Exception {
        Path home = define("vm", 1);
        Process daemon = serve(home, false);
        assertEquals(0, client(home, "snapshot-create", "vm", "--name", "s1").exit());

        daemon.destroyForcibly(); // SIGKILL
        daemon.waitFor();
        assertTrue(Files.exists(DaemonFile.of(home)), "a killed daemon cannot remove its file");
        assertEquals(new Client(1, "", "snapledger: no daemon answers for this home; start one with 'snapledger serve'\n"),
                client(home, "snapshot-list", "vm"));

        // without a daemon the command runs in-process: it takes the home and removes the stale file
        assertEquals("s1\n", Cli.run("--home", home, "snapshot-current", "vm").ok().out());
        assertFalse(Files.exists(DaemonFile.of(home)));
        serve(home, false);
        assertEquals(new Client(0, "s1\n", ""), client(home, "snapshot-current", "vm"));
    }

    /**
     * Twenty clients at once on five domains: each domain gets two snapshot-creates and two reads
     * at the same moment. One operation runs per domain at a time, so a create may be refused with
     * the one line that says so; every create that succeeded, and no other, is in the tree, on the
     * disks and once in the history.
     */
    @Test
    void twentyClientsAtOnceOnFiveDomainsLoseAndDuplicateNothing() throws Exception {
        Path home = dir.resolve("home");
        for (int d = 0; d < 5; d++) {
            defineIn(home, "vm" + d, 2);
        }
        serve(home, false);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Client>> creates = new ArrayList<>();
        List<CompletableFuture<Client>> reads = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            String domain = "vm" + d;
            for (String name : List.of("a", "b")) {
                creates.add(CompletableFuture.supplyAsync(() -> clientAfter(start, home, "snapshot-create", domain,
                        "--name", name)));
            }
            reads.add(CompletableFuture.supplyAsync(() -> clientAfter(start, home, "snapshot-list", domain)));
            reads.add(CompletableFuture.supplyAsync(() -> clientAfter(start, home, "history", domain)));
        }
        start.countDown();

        for (CompletableFuture<Client> read : reads) {
            Client answer = read.get(120, TimeUnit.SECONDS);
            assertEquals(0, answer.exit(), answer.toString());
        }
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < creates.size(); i++) {
            String domain = "vm" + i / 2;
            String name = i % 2 == 0 ? "a" : "b";
            Client answer = creates.get(i).get(120, TimeUnit.SECONDS);
            if (answer.exit() == 0) {
                assertEquals("Domain snapshot " + name + " created\n", answer.out());
                taken.add(domain + "/" + name);
            } else {
                assertEquals(1, answer.exit(), answer.toString());
                assertTrue(answer.err().startsWith("snapledger: operation in progress on " + domain), answer.err());
                assertEquals(1, answer.err().lines().count(), answer.err());
            }
        }
        assertTrue(taken.size() >= 5, "at least the first create of every domain runs: " + taken);

        Set<String> listed = new HashSet<>();
        int started = 0;
        for (int d = 0; d < 5; d++) {
            String domain = "vm" + d;
            for (JsonNode snapshot : JSON.readTree(client(home, "snapshot-list", domain, "--json").out())) {
                listed.add(domain + "/" + snapshot.get("name").asText());
            }
            for (JsonNode event : JSON.readTree(client(home, "history", domain, "--json").out())) {
                started += event.get("type").asText().equals("SnapshotStarted") ? 1 : 0;
            }
            for (String device : List.of("vda", "vdb")) {
                Path image = dir.resolve(domain + "-" + device + ".qcow2");
                assertEquals(taken.stream().filter(t -> t.startsWith(domain + "/")).count(),
                        Qemu.img("snapshot", "-l", "-U", image).ok().out().lines().filter(l -> l.matches("^\\d+ .*"))
                                .count(), image.toString());
            }
        }
        assertEquals(taken, listed);
        assertEquals(taken.size(), started, "one SnapshotStarted per snapshot taken");
        assertEquals(new Client(0, "No problems were found.\n", ""), client(home, "fsck"));
    }

    /**
     * SIGKILL to the daemon just after it sent a snapshot's command: the client is told, and the
     * next daemon resumes the operation as any restart does: the snapshot is on every disk or on none.
     */
    @Test
    void aDaemonKilledInTheMiddleOfAnOperationIsResumedByTheNextOne() throws Exception {
        Path home = define("vm", 2);
        for (String device : List.of("vda", "vdb")) {
            Qemu.io(dir.resolve("vm-" + device + ".qcow2"), "qcow2", "write -P 0x5a 0 48M").ok();
        }
        Process daemon = serve(home, true);
        CountDownLatch sent = new CountDownLatch(1);
        Thread watcher = new Thread(() -> watchForSend(daemon, sent));
        watcher.start();
        CompletableFuture<Client> create = CompletableFuture.supplyAsync(() -> client(home, "snapshot-create", "vm",
                "--name", "s1"));
        assertTrue(sent.await(60, TimeUnit.SECONDS), "the daemon never sent the take");
        daemon.destroyForcibly();
        daemon.waitFor();

        Client answer = create.get(60, TimeUnit.SECONDS);
        if (answer.exit() != 0) {
            assertTrue(answer.err().startsWith("snapledger: the daemon holding " + home), answer.toString());
        }
        serve(home, false);
        assertEquals(new Client(0, "No problems were found.\n", ""), client(home, "fsck", "vm"));
        String listed = client(home, "snapshot-list", "vm", "--name").out();
        for (String device : List.of("vda", "vdb")) {
            String table = Qemu.img("snapshot", "-l", "-U", dir.resolve("vm-" + device + ".qcow2")).ok().out();
            assertEquals(listed.contains("s1"), table.contains(" s1 "), device + ":\n" + table + "\nlisted: " + listed);
        }
    }

    private static void watchForSend(Process daemon, CountDownLatch sent) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(daemon.getErrorStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals("snapledger-trace: sending TakeSnapshot")) {
                    sent.countDown();
                }
            }
        } catch (IOException e) {
            // the daemon was killed: its stderr ends
        }
    }

    private Path define(String domain, int disks) {
        Path home = dir.resolve("home");
        defineIn(home, domain, disks);
        return home;
    }

    private void defineIn(Path home, String domain, int disks) {
        List<Object> args = new ArrayList<>(List.of("--home", home, "define", domain));
        for (String device : List.of("vda", "vdb").subList(0, disks)) {
            Path image = dir.resolve(domain + "-" + device + ".qcow2");
            Qemu.create(image, "64M");
            args.add("--disk");
            args.add(device + "=" + image);
        }
        Cli.run(args.toArray()).ok();
    }

    /** Where the first daemon's /healthz listens, as it said on stderr. */
    private String healthUrl() throws IOException {
        Path file = dir.resolve("serve-0.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(file).contains("health at"));
        String log = Files.readString(file);
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("health at (http://\\S+/healthz)").matcher(log);
        assertTrue(url.find(), log);
        return url.group(1);
    }

    /** Starts {@code serve} as its own process and waits until it answers. */
    private Process serve(Path home, boolean traced, String... options) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), ServeMain.class.getName(), "--home",
                home.toString(), "serve"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command);
        if (traced) {
            builder.environment().put("SNAPLEDGER_TRACE", "1");
        } else {
            builder.redirectError(dir.resolve("serve-" + daemons.size() + ".log").toFile());
        }
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process daemon = builder.start();
        daemons.add(daemon);
        await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive()
                || client(home, "domains").exit() == 0);
        assertTrue(daemon.isAlive(), "serve stopped at once");
        return daemon;
    }

    /** What a client process printed and its exit code. */
    record Client(int exit, String out, String err) {
    }

    private Client clientAfter(CountDownLatch start, Path home, String... args) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return client(home, args);
    }

    /** The launcher script as a user runs it, told to go through the daemon only (it never builds). */
    private Client client(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString(), "--home", home.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            builder.environment().put("SNAPLEDGER_CLIENT", "daemon");
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = read(process.getInputStream());
            return new Client(process.waitFor(), out, err.join());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
