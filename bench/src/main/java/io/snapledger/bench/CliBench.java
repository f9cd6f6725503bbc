package io.snapledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A command's wall time as a whole process, the way a user waits for it: the {@code snapledger}
 * launcher in-process (a JVM per command), through a daemon ({@code snapledger serve}, the
 * launcher's bash client), and {@code virsh -c test:///default} beside them, interleaved in one
 * run. The home holds one domain with {@code --snapshots} snapshots (a random tree), appended to
 * the store as the checkpoint bench makes it; the in-process runs read a copy of it, since the
 * daemon holds the home itself.
 *
 * <p>Usage: {@code CliBench LAUNCHER [--snapshots N] [--reps R] [--dir D]}; Markdown on stdout.
 */
public final class CliBench {
    private static final String DOMAIN = "vm000";
    private static final int WARMUPS = 5;

    private CliBench() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = Path.of(args[0]).toAbsolutePath();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        int snapshots = Integer.parseInt(options.getOrDefault("--snapshots", "1000"));
        int reps = Integer.parseInt(options.getOrDefault("--reps", "30"));
        Path dir = Path.of(options.getOrDefault("--dir", "/tmp/snapledger-cli-bench"));
        Path home = dir.resolve("home");
        if (!Files.exists(home)) {
            System.err.println("appending a domain of " + snapshots + " snapshots to " + home);
            ReplayBench.append(home, CheckpointBench.history(2 * snapshots + 1, snapshots));
            run(launcher, home, "local", "domains"); // builds the projection once
            copy(home, dir.resolve("twin"));
        }
        // the daemon holds its home: the in-process runs read a copy of it
        Path twin = dir.resolve("twin");
        List<List<String>> commands = List.of(
                List.of("snapshot-info", DOMAIN, "s" + snapshots / 2),
                List.of("snapshot-list", DOMAIN, "--tree"),
                List.of("snapshot-list", DOMAIN));
        Process daemon = new ProcessBuilder("bash", launcher.toString(), "--home", home.toString(), "serve")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("serve.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (run(launcher, home, "daemon", "domains") != 0) {
                if (System.nanoTime() > deadline || !daemon.isAlive()) {
                    throw new IllegalStateException("serve did not answer; see " + dir.resolve("serve.log"));
                }
            }
            System.out.println("| command | virsh -c test:///default snapshot-list test | through the daemon | "
                    + "in-process (a JVM) | daemon / virsh |");
            System.out.println("|---|---|---|---|---|");
            for (List<String> command : commands) {
                double[] virsh = new double[reps];
                double[] served = new double[reps];
                double[] local = new double[reps];
                for (int r = -WARMUPS; r < reps; r++) {
                    double v = millis(() -> exec("virsh", "-c", "test:///default", "snapshot-list", "test"));
                    double d = millis(() -> run(launcher, home, "daemon", command.toArray(String[]::new)));
                    double l = millis(() -> run(launcher, twin, "local", command.toArray(String[]::new)));
                    if (r >= 0) {
                        virsh[r] = v;
                        served[r] = d;
                        local[r] = l;
                    }
                }
                double v = median(virsh);
                double d = median(served);
                System.out.printf(Locale.ROOT, "| `%s` | %.1f ms | %.1f ms | %.0f ms | %.2fx |%n",
                        String.join(" ", command), v, d, median(local), d / v);
            }
            System.out.printf(Locale.ROOT, "%n%d snapshots, medians of %d runs after %d warm-ups; wall time of the "
                    + "whole process, output discarded.%n", snapshots, reps, WARMUPS);
        } finally {
            daemon.destroy();
            daemon.waitFor();
        }
    }

    private interface Run {
        int run() throws Exception;
    }

    private static double millis(Run run) throws Exception {
        long start = System.nanoTime();
        int exit = run.run();
        double ms = (System.nanoTime() - start) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit);
        }
        return ms;
    }

    private static int run(Path launcher, Path home, String client, String... args) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", launcher.toString(), "--home", home.toString()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("SNAPLEDGER_CLIENT", client);
        return builder.start().waitFor();
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
