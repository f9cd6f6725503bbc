package io.snapledger.bench;

import java.time.Clock;
import io.snapledger.kafka.Publishing;
import io.snapledger.core.EventOutlet;
import io.snapledger.kafkadev.KafkaNodes;
import io.snapledger.kafka.KafkaSettings;
import io.snapledger.core.LocalLedger;
import io.snapledger.core.ProjectionFeeder;
import io.snapledger.events.DomainEvent;
import io.snapledger.events.DomainLifecycleEvent.DomainDefined;
import io.snapledger.events.EditEvent.SnapshotImported;
import io.snapledger.events.EventMetadata;
import io.snapledger.events.EventTypes;
import io.snapledger.events.RegisteredEventType;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.json.EventJson;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.events.model.DevicePlan;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.ImportSource;
import io.snapledger.events.model.MemoryPlan;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishing measured against Kafka's own producer on the same local broker, in the same run.
 *
 * <p><b>Backlog.</b> The replay benchmark's history (100 domains, imports under random earlier
 * snapshots, descriptions, renames, current moves) is appended straight to the event store, the
 * projection is built, and the home is kept as a pristine copy. Each repetition restores that copy
 * and opens it with publishing on, until the publisher has every event acknowledged; the same
 * opening with publishing off, also repeated, is subtracted (wall clock and process CPU). The
 * baseline sends the same events' records (same key, JSON value and headers, built beforehand)
 * from a plain {@code KafkaProducer} loop with the same producer settings, and waits for every
 * acknowledgement. One warm-up and {@value #REPS} kept repetitions of each, interleaved.
 *
 * <p><b>Latency.</b> From sending a command ({@code DescribeSnapshot} on a small domain of its
 * own, so loading the aggregate costs little) to a consumer holding its event, one after the
 * other; the baseline is a {@code send().get()} of a record and the same consumer.
 *
 * <p>Run: {@code bench/run-kafka-bench.sh [--events N] [--samples N] [--dir D]}.
 */
public final class KafkaBench {
    private static final int REPS = 3;
    private static final String PROBE = "probe";
    private static final PrintStream OUT = System.out;

    private final Path pristine;
    private final Path home;
    private final KafkaNodes kafka;
    private final List<DomainEvent> history;

    private KafkaBench(Path dir, KafkaNodes kafka, List<DomainEvent> history) {
        this.pristine = dir.resolve("pristine");
        this.home = dir.resolve("home");
        this.kafka = kafka;
        this.history = history;
    }

    public static void main(String[] args) throws Exception {
        int events = 30_000;
        int samples = 200;
        Path dir = Path.of("/tmp/snapledger-bench/kafka");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --events N, --samples N, --dir D");
            }
        }
        Qemu.run("rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        List<DomainEvent> history = new ArrayList<>(ReplayBench.history(Math.max(1, events / 400)));
        history.addAll(probeDomain());
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            new KafkaBench(dir, kafka, history).run(samples);
        }
    }

    /** A domain with one snapshot, for the latency probe: its aggregate loads in no time. */
    private static List<DomainEvent> probeDomain() {
        Instant now = Instant.parse("2026-11-23T00:00:00Z");
        UUID correlation = UUID.randomUUID();
        return List.of(new DomainDefined(PROBE, List.of(new DeviceSpec("vda", "/images/probe.qcow2", ImageFormat.QCOW2)),
                        false, new EventMetadata(UUID.randomUUID(), now, "bench", null, correlation)),
                new SnapshotImported(PROBE, UUID.randomUUID(), 1, "s0", null, null, now, MemoryPlan.none(),
                        List.of(DevicePlan.internal("vda")), ImportSource.REDEFINE,
                        new EventMetadata(UUID.randomUUID(), now, "bench", null, correlation)));
    }

    private void run(int samples) throws Exception {
        ReplayBench.append(pristine, history);
        try (LocalLedger ledger = LocalLedger.open(pristine, Clock.systemUTC(), h -> EventOutlet.NONE, System.err)) {
            // opening rebuilt the projection from the table; its processor's token still has to pass the
            // events the rebuild read (it drops them), else every opening of a copy would do it again
            ledger.runtime().awaitCaughtUp(ProjectionFeeder.GROUP, Duration.ofMinutes(10));
        }
        KafkaSettings settings = KafkaSettings.off().withBootstrap(kafka.bootstrap());
        List<ProducerRecord<byte[], byte[]>> records = records();

        Timer open = new Timer();
        Timer ours = new Timer();
        Timer base = new Timer();
        long lineageRecords = 0;
        for (int i = 0; i <= REPS; i++) {
            boolean keep = i > 0;
            restore();
            open.time(keep, () -> LocalLedger.open(home, Clock.systemUTC(), h -> EventOutlet.NONE, System.err).close());
            restore();
            long lineageBefore = endOffsets(KafkaContract.LINEAGE_TOPIC);
            ours.time(keep, () -> publishBacklog(settings));
            lineageRecords = endOffsets(KafkaContract.LINEAGE_TOPIC) - lineageBefore;
            base.time(keep, () -> sendAll(records));
            System.err.printf("repetition %d: open %.2f s, open and publish %.2f s, baseline %.2f s%n", i,
                    open.last(), ours.last(), base.last());
        }
        List<Double> oursLatency;
        List<Double> commandLatency = new ArrayList<>();
        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), Publishing.opener(settings), System.err)) {
            oursLatency = latency(samples, description -> {
                long start = System.nanoTime();
                ledger.send(new DescribeSnapshot(PROBE, "s0", description, meta()));
                commandLatency.add((System.nanoTime() - start) / 1e6);
            });
        }
        List<Double> baseLatency;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            baseLatency = latency(samples, description -> producer.send(new ProducerRecord<>(
                    KafkaContract.EVENTS_TOPIC, utf8(PROBE), utf8(description))).get());
        }
        report(open, ours, base, lineageRecords, oursLatency, commandLatency, baseLatency);
    }

    private void restore() throws Exception {
        Qemu.run("rm", "-rf", home.toString());
        Qemu.run("cp", "-a", pristine.toString(), home.toString());
    }

    /** Opens the restored home with publishing on and waits until Kafka acknowledged every event. */
    private void publishBacklog(KafkaSettings settings) {
        try (LocalLedger ledger = LocalLedger.open(home, Clock.systemUTC(), Publishing.opener(settings), System.err)) {
            ledger.runtime().awaitCaughtUp("kafka-publisher", Duration.ofMinutes(10));
        }
    }

    /** The backlog's records as the publisher makes them, built before the baseline's clock starts. */
    private List<ProducerRecord<byte[], byte[]>> records() {
        EventJson json = EventJson.standard();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(history.size());
        for (DomainEvent event : history) {
            RegisteredEventType type = EventTypes.of(event);
            RecordHeaders headers = new RecordHeaders();
            headers.add(KafkaContract.HEADER_EVENT_ID, utf8(event.meta().eventId().toString()));
            headers.add(KafkaContract.HEADER_TYPE, utf8(type.name()));
            headers.add(KafkaContract.HEADER_REVISION, utf8(String.valueOf(type.revision())));
            headers.add(KafkaContract.HEADER_AGGREGATE_SEQUENCE, utf8("0"));
            headers.add(KafkaContract.HEADER_CORRELATION_ID, utf8(event.meta().correlationId().toString()));
            headers.add(KafkaContract.HEADER_ACTOR, utf8(event.meta().actor()));
            records.add(new ProducerRecord<>(KafkaContract.EVENTS_TOPIC, null, utf8(event.domain()),
                    json.writeBytes(event), headers));
        }
        return records;
    }

    private void sendAll(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            List<Future<?>> sends = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                sends.add(producer.send(record));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        }
    }

    private long endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (partitions == null || partitions.isEmpty()) {
                return 0;
            }
            return consumer.endOffsets(partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList()).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private interface Sender {
        void send(String marker) throws Exception;
    }

    /** Milliseconds from the send to a consumer holding the record whose value carries the marker. */
    private List<Double> latency(int samples, Sender sender) throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = consumer.partitionsFor(KafkaContract.EVENTS_TOPIC).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                received.put("ready", System.nanoTime());
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        String value = new String(record.value(), StandardCharsets.UTF_8);
                        int at = value.indexOf(run + "-");
                        if (at >= 0) {
                            received.put(value.substring(at).split("\"")[0], System.nanoTime());
                        }
                    }
                }
            }
        });
        reader.setUncaughtExceptionHandler((thread, e) -> {
            e.printStackTrace();
            received.put("failed", System.nanoTime());
        });
        reader.start();
        awaitKey(received, "ready");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String marker = run + "-" + i;
            long start = System.nanoTime();
            sender.send(marker);
            awaitKey(received, marker);
            millis.add((received.get(marker) - start) / 1e6);
        }
        running.set(false);
        reader.join();
        return millis;
    }

    /** Polls briefly (a spinning wait would take a core from the broker on a small machine). */
    private static void awaitKey(Map<String, Long> received, String key) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!received.containsKey(key)) {
            if (received.containsKey("failed") || System.nanoTime() > deadline) {
                throw new IllegalStateException("the consumer did not receive " + key);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** The publisher's settings that matter for speed: acks=all, idempotent, linger 5 ms. */
    private Map<String, Object> producerConfig() {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private void report(Timer open, Timer ours, Timer base, long lineageRecords, List<Double> oursLatency,
                        List<Double> commandLatency, List<Double> baseLatency) {
        int n = history.size();
        double oursSeconds = ours.median() - open.median();
        double oursCpu = ours.medianCpu() - open.medianCpu();
        OUT.printf("## Kafka publishing (1 local KRaft broker, acks=all, idempotent; %,d events, %d domains)%n%n",
                n, ReplayBench.DOMAINS + 1);
        OUT.printf("| measure (median of %d) | snapledger | plain KafkaProducer loop | ratio |%n|---|---:|---:|---:|%n",
                REPS);
        OUT.printf("| backlog published (events/s) | %,.0f | %,.0f | %.2f× |%n", n / oursSeconds,
                n / base.median(), (n / oursSeconds) / (n / base.median()));
        OUT.printf("| process CPU per event (µs) | %.0f | %.0f | %.1f× |%n", oursCpu / n * 1e6,
                base.medianCpu() / n * 1e6, oursCpu / base.medianCpu());
        for (double p : new double[] {0.50, 0.99}) {
            double o = percentile(oursLatency, p);
            double b = percentile(baseLatency, p);
            OUT.printf("| send → consumer, p%.0f (ms) | %.1f | %.1f | %.1f× |%n", p * 100, o, b, o / b);
        }
        OUT.printf("%nOpening with publishing off %.2f s (CPU %.2f s), with publishing on until every event is "
                        + "acknowledged %.2f s (CPU %.2f s); lineage records sent: %,d (%.2f per event); "
                        + "the command alone (send to its return), p50 %.1f ms, p99 %.1f ms.%n%n",
                open.median(), open.medianCpu(), ours.median(), ours.medianCpu(), lineageRecords,
                (double) lineageRecords / n, percentile(commandLatency, 0.5), percentile(commandLatency, 0.99));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static CommandMetadata meta() {
        return new CommandMetadata("bench", null, UUID.randomUUID());
    }
}
