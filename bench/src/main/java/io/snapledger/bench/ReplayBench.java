package io.snapledger.bench;

import io.snapledger.kafka.Publishing;
import io.snapledger.cli.Main;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaPublisher;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.command.domain.Identities;
import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.command.runtime.HistoryAppender;
import io.snapledger.command.runtime.RuntimeSettings;
import io.snapledger.command.runtime.StoredEventReader;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.CurrentSnapshotSet;
import io.snapledger.events.EditEvent.SnapshotDescribed;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EditEvent.SnapshotRenamed;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;
import io.snapledger.image.writer.ImageDeviceWriter;
import io.snapledger.query.PositionedEvent;
import io.snapledger.query.ProjectionPosition;
import io.snapledger.query.ProjectionRebuild;
import io.snapledger.query.SnapshotProjection;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Projection rebuild rate from the event store ({@code snapledger replay}) beside its two parts
 * alone: reading the same events from H2 without applying them, and applying them to RocksDB
 * from memory. The history is generated and appended straight to the event store through the
 * command runtime (no projection attached): per domain a definition, then per snapshot an
 * import under a random earlier snapshot, a description, a rename and a current move. Only
 * events no saga starts on, so appending them does no device work.
 *
 * <p>Run: {@code bench/run-replay-bench.sh [--events N] [--dir D] [--reuse] [--warmups N]}
 * (default 200,000 events; {@code --reuse} keeps a history appended by an earlier run with the
 * same N; each step is timed 3 times after 5 warm-up runs, by which the JIT compilers have
 * settled: the first runs of a fresh JVM spend more CPU compiling than rebuilding). With
 * {@code -Dbench.verbose=true} each run's CPU is printed by thread.
 */
public final class ReplayBench {
    static final int DOMAINS = 100;
    private static final int EVENTS_PER_SNAPSHOT = 4;
    private static final int APPEND_BATCH = 1_000;
    private static final int REPS = 3;
    private static final Instant START = Instant.parse("2026-11-22T00:00:00Z");
    /** Runs before the kept ones from the store: the JIT compilers' CPU per run is under 0.2 s by then. */
    private static final int STORE_WARMUPS = 5;
    /**
     * From Kafka more: every run makes a new consumer, and its per-poll code (a few dozen polls a
     * run) keeps being compiled for about ten runs, at 0.5-0.9 s of the JIT's CPU per run on 2 cores.
     */
    private static final int KAFKA_WARMUPS = 12;

    private ReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = 200_000;
        Path dir = Path.of("/tmp/snapledger-bench/replay");
        boolean reuse = false;
        String only = null;
        boolean kafka = false;
        Integer warmups = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--reuse" -> reuse = true;
                case "--only" -> only = args[++i];
                case "--kafka" -> kafka = true;
                case "--warmups" -> warmups = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --events N, --dir D, --reuse, --only read|apply|replay, --kafka, --warmups N");
            }
        }
        if (kafka && reuse) {
            throw new IllegalArgumentException("--kafka publishes the history to a new broker from a new home; "
                    + "run it without --reuse");
        }
        Path home = dir.resolve("home");
        Path applyDir = dir.resolve("apply-only");
        List<DomainEvent> history = history(events / DOMAINS / EVENTS_PER_SNAPSHOT);
        if (!(reuse && Files.isDirectory(home))) {
            Qemu.run("rm", "-rf", dir.toString());
            Files.createDirectories(dir);
            double append = Timer.seconds(() -> append(home, history));
            System.err.printf("appended %d events in %.1f s%n", history.size(), append);
        }

        if (kafka) {
            kafkaRebuild(dir, home, history.size(), warmups != null ? warmups : KAFKA_WARMUPS);
            return;
        }
        if (warmups == null) {
            warmups = STORE_WARMUPS;
        }
        Timer read = wanted(only, "read") ? readOnly(home, history.size(), warmups) : null;
        List<PositionedEvent> positioned = wanted(only, "apply") ? positioned(history) : List.of();
        Timer apply = wanted(only, "apply") ? Timer.repeat(warmups, REPS,
                () -> Qemu.run("rm", "-rf", applyDir.toString()), () -> applyOnly(applyDir, positioned)) : null;
        Timer replay = wanted(only, "replay") ? replay(home, history.size(), warmups) : null;
        int n = history.size();
        System.out.printf("| step (%,d events, %d domains, H2 file store, RocksDB) | median of %d (s) | events/s "
                + "| best run, events/s | process CPU, median (s) | CPU stolen by the host, median |%n"
                + "|---|---:|---:|---:|---:|---:|%n", n, DOMAINS, REPS);
        row("`snapledger replay` (read from H2 + apply to RocksDB, on two threads)", replay, n);
        row("peer: read the same events from H2 only (JDBC pages of 2,000, Jackson), no apply", read, n);
        row("peer: apply the same events to RocksDB only, from memory (rebuild, pages of 2,000)", apply, n);
    }

    /**
     * {@code --kafka}: a local broker; the home's publisher publishes the whole history (timed:
     * the publisher's rate on a large backlog), then {@code query-node --once} catches a fresh
     * home up from the topic, through the CLI in this JVM, {@value #REPS} times after the warm-ups.
     */
    private static void kafkaRebuild(Path dir, Path home, int events, int warmups) throws Exception {
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            KafkaSettings settings = KafkaSettings.off().withBootstrap(kafka.bootstrap());
            // the publisher starts while the home opens, so the time of opening it is part of this
            double publish = Timer.seconds(() -> {
                try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), Publishing.opener(settings), System.err)) {
                    ledger.runtime().awaitCaughtUp(KafkaPublisher.GROUP, java.time.Duration.ofMinutes(30));
                }
            });
            System.err.printf("the events topic holds %d records%n", topicRecords(kafka.bootstrap()));
            Timer catchUp = Timer.repeat(warmups, REPS, () -> Qemu.run("rm", "-rf", dir.resolve("node").toString()),
                    () -> require(Main.run(new String[] {"--home", dir.resolve("node").toString(), "query-node",
                            "--kafka", kafka.bootstrap(), "--once"}, System.err, System.err), 0, "query-node"));
            System.out.printf("| step (%,d events, %d domains, one local broker) | median of %d (s) | events/s "
                    + "| best run, events/s | process CPU, median (s) | CPU stolen by the host, median |%n"
                    + "|---|---:|---:|---:|---:|---:|%n", events, DOMAINS, REPS);
            System.out.printf("| open the home and publish its whole history | %.2f | %,.0f | | | |%n",
                    publish, events / publish);
            row("`query-node --once` into an empty home (read the topic + rebuild the projection)", catchUp, events);
        }
    }

    private static long topicRecords(String bootstrap) {
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]>(java.util.Map.of(
                "bootstrap.servers", bootstrap,
                "key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class,
                "value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class))) {
            var partitions = consumer.partitionsFor(io.snapledger.events.kafka.KafkaContract.EVENTS_TOPIC).stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** {@code --only STEP} runs one step, for a profiler; the table then shows that row only. */
    private static boolean wanted(String only, String step) {
        return only == null || only.equals(step);
    }

    private static Timer replay(Path home, int expected, int warmups) throws Exception {
        Timer replay = new Timer();
        try (LocalLedger ledger = LocalLedger.open(home)) { // an empty projection: open rebuilds it (one warm-up more)
            for (int i = 0; i < warmups + REPS; i++) {
                replay.time(i >= warmups, () -> require(ledger.replay(done -> { }), expected, "replay"));
            }
        }
        return replay;
    }

    private static void row(String what, Timer timer, int events) {
        if (timer == null) {
            return;
        }
        System.out.printf("| %s | %.2f | %,.0f | %,.0f | %.2f | %.0f%% |%n", what, timer.median(),
                events / timer.median(), events / timer.best(), timer.medianCpu(), timer.medianStolen() * 100);
        System.err.printf("%s: CPU seconds per run by thread %s%n", what, timer.cpuPerRunByThread());
    }

    /**
     * Appended straight to the store, a batch per transaction, by a runtime without a projection.
     * Closing the runtime compacts the store these large commits leave mostly empty; the file's
     * size after the appends and after the close goes to stderr.
     */
    static void append(Path home, List<DomainEvent> history) throws Exception {
        CommandRuntime runtime = CommandRuntime.start(settings(home));
        try (runtime) {
            Path file = runtime.storeFile().orElseThrow();
            HistoryAppender.append(runtime.eventStore(), history, APPEND_BATCH);
            System.err.printf("store after the appends: %,d bytes in the file, about %,d of data%n",
                    runtime.storeSpace().orElseThrow().fileBytes(), runtime.storeSpace().orElseThrow().liveBytes());
            double close = Timer.seconds(runtime::close);
            System.err.printf("store after closing: %,d bytes (close took %.1f s)%n", fileSize(file), close);
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The runtime as the CLI configures it, without the projection. */
    private static RuntimeSettings settings(Path home) {
        return RuntimeSettings.embedded(home, Clock.systemUTC(), new ImageDeviceWriter())
                .withResource(Identities.class, Identities.random());
    }

    /** Times reads of the whole store by one runtime, started before and closed after them. */
    private static Timer readOnly(Path home, int expected, int warmups) throws Exception {
        try (CommandRuntime runtime = CommandRuntime.start(settings(home))) {
            return Timer.repeat(warmups, REPS, () -> { },
                    () -> require(runtime.storedEvents().readAll(page -> { }), expected, "read"));
        }
    }

    /**
     * Applies the events, a page at a time, to an emptied projection. They are positioned before
     * the clock starts, each with its JSON as the store would hand it over.
     */
    private static void applyOnly(Path directory, List<PositionedEvent> positioned) {
        try (SnapshotProjection projection = SnapshotProjection.open(directory, EventJson.standard());
             ProjectionRebuild rebuild = projection.startRebuild()) {
            for (int start = 0; start < positioned.size(); start += StoredEventReader.PAGE_ROWS) {
                int end = Math.min(positioned.size(), start + StoredEventReader.PAGE_ROWS);
                rebuild.applyAll(positioned.subList(start, end));
            }
            rebuild.finish();
        }
    }

    private static List<PositionedEvent> positioned(List<DomainEvent> history) {
        EventJson json = EventJson.standard();
        java.util.Map<String, Long> domainSequences = new java.util.HashMap<>();
        List<PositionedEvent> positioned = new ArrayList<>();
        for (DomainEvent event : history) {
            long aggregateSequence = domainSequences.merge(event.domain(), 1L, Long::sum) - 1;
            positioned.add(new PositionedEvent(ProjectionPosition.of("bench", positioned.size() + 1), event,
                    aggregateSequence, json.writeBytes(event)));
        }
        return positioned;
    }

    private static void require(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + " saw " + actual + " events, expected " + expected);
        }
    }

    /** Domains interleaved one snapshot at a time, as many operators working at once would write them. */
    static List<DomainEvent> history(int snapshotsPerDomain) {
        Random random = new Random(42);
        List<DomainEvent> events = new ArrayList<>();
        long[] millis = {0};
        java.util.function.Supplier<EventMetadata> meta = () -> new EventMetadata(
                new UUID(random.nextLong(), random.nextLong()), START.plusMillis(millis[0]++), "bench", null,
                new UUID(0, millis[0]));
        List<List<UUID>> snapshots = new ArrayList<>();
        for (int d = 0; d < DOMAINS; d++) {
            events.add(new DomainDefined(domain(d), List.of(new DeviceSpec("vda", "/images/" + domain(d) + ".qcow2",
                    ImageFormat.QCOW2)), false, meta.get()));
            snapshots.add(new ArrayList<>());
        }
        for (int s = 0; s < snapshotsPerDomain; s++) {
            for (int d = 0; d < DOMAINS; d++) {
                List<UUID> taken = snapshots.get(d);
                UUID uuid = new UUID(random.nextLong(), random.nextLong()); // random, as snapshots' UUIDs are
                UUID parent = taken.isEmpty() ? null : taken.get(random.nextInt(taken.size()));
                UUID previous = taken.isEmpty() ? null : taken.get(taken.size() - 1);
                String name = "s" + s;
                events.add(new SnapshotImported(domain(d), uuid, s + 1L, name, null, parent, START, MemoryPlan.none(),
                        List.of(DevicePlan.internal("vda")), ImportSource.REDEFINE, meta.get()));
                events.add(new SnapshotDescribed(domain(d), uuid, "taken by the bench", meta.get()));
                events.add(new SnapshotRenamed(domain(d), uuid, name, name + "-kept", meta.get()));
                events.add(new CurrentSnapshotSet(domain(d), uuid, previous, meta.get()));
                taken.add(uuid);
            }
        }
        return events;
    }

    private static String domain(int d) {
        return String.format("vm%03d", d);
    }
}
