package io.snapledger.bench;

import io.snapledger.app.kafka.KafkaNodes;
import io.snapledger.app.kafka.KafkaSettings;
import io.snapledger.app.ledger.Ledger;
import io.snapledger.events.command.CommandMetadata;
import io.snapledger.events.command.DefineDomain;
import io.snapledger.events.command.DescribeSnapshot;
import io.snapledger.events.command.TakeSnapshot;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.events.model.DeviceSpec;
import io.snapledger.events.model.ImageFormat;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishing measured against Kafka's own producer on the same local broker: the rate at which a
 * backlog of stored events reaches the topic, and the time from a command's send to a consumer
 * receiving its event (p50, p99). The baseline sends the same number of records of the same size
 * with the same producer settings (acks=all, idempotent) in a plain loop.
 */
public final class KafkaBench {
    private static final int BACKLOG = Integer.getInteger("backlog", 2000);
    private static final int LATENCY_SAMPLES = Integer.getInteger("samples", 200);
    private static final PrintStream OUT = System.out;

    private KafkaBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 1 && args[0].equals("--dir") ? args[1] : "/tmp/snapledger-bench/kafka");
        Qemu.run("rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        Path image = dir.resolve("vda.qcow2");
        Qemu.create(image, "64M");
        Path home = dir.resolve("home");
        try (KafkaNodes kafka = KafkaNodes.start(1, dir.resolve("kafka"))) {
            KafkaSettings settings = KafkaSettings.off().withBootstrap(kafka.bootstrap());
            storeBacklog(home, image);
            double openSeconds = openSeconds(home);
            long start = System.nanoTime();
            double oursRate;
            List<Double> oursLatency;
            try (Ledger ledger = Ledger.open(home, settings, System.err)) {
                ledger.runtime().awaitCaughtUp("kafka-publisher", Duration.ofMinutes(5));
                // the publisher starts while the home opens: take away what opening costs without it
                oursRate = (BACKLOG + 3) / (seconds(start) - openSeconds);
                oursLatency = latency(kafka.bootstrap(), description -> ledger.send(
                        new DescribeSnapshot("bench", "s0", description, meta())));
            }
            byte[] sample = Files.readAllBytes(sampleEvent(kafka.bootstrap()));
            double baseRate = baselineRate(kafka.bootstrap(), sample);
            List<Double> baseLatency;
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrap())) {
                baseLatency = latency(kafka.bootstrap(), description -> producer.send(new ProducerRecord<>(
                        KafkaContract.EVENTS_TOPIC, "base".getBytes(StandardCharsets.UTF_8),
                        description.getBytes(StandardCharsets.UTF_8))).get());
            }
            report(oursRate, baseRate, oursLatency, baseLatency);
        }
    }

    /** A domain with one snapshot and BACKLOG descriptions of it, stored with publishing off. */
    private static void storeBacklog(Path home, Path image) {
        try (Ledger ledger = Ledger.open(home, KafkaSettings.off(), System.err)) {
            ledger.send(new DefineDomain("bench", List.of(new DeviceSpec("vda", image.toString(), ImageFormat.QCOW2)),
                    false, meta()));
            long mark = ledger.mark("bench");
            UUID uuid = ledger.send(new TakeSnapshot("bench", "s0", null, null, List.of(), false, null, meta()));
            ledger.awaitTake("bench", uuid, mark);
            for (int i = 0; i < BACKLOG; i++) {
                ledger.send(new DescribeSnapshot("bench", "s0", "backlog note number " + i, meta()));
            }
        }
    }

    /** How long opening the home takes with publishing off (median of 3). */
    private static double openSeconds(Path home) {
        double[] times = new double[3];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            Ledger.open(home, KafkaSettings.off(), System.err).close();
            times[i] = seconds(start);
        }
        Arrays.sort(times);
        return times[1];
    }

    /** One published event's JSON, as the baseline's record value: the same size as ours. */
    private static Path sampleEvent(String bootstrap) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(KafkaContract.EVENTS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Path file = Files.createTempFile("snapledger-event", ".json");
                    Files.write(file, record.value());
                    return file;
                }
            }
        }
    }

    private static double baselineRate(String bootstrap, byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
            byte[] key = "baseline".getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(KafkaContract.EVENTS_TOPIC, key, value)).get();
            long start = System.nanoTime();
            List<Future<?>> sends = new ArrayList<>();
            for (int i = 0; i < BACKLOG; i++) {
                sends.add(producer.send(new ProducerRecord<>(KafkaContract.EVENTS_TOPIC, key, value)));
            }
            for (Future<?> send : sends) {
                send.get();
            }
            return BACKLOG / seconds(start);
        }
    }

    private interface Sender {
        void send(String marker) throws Exception;
    }

    /** Milliseconds from the send to a consumer holding the record whose value carries the marker. */
    private static List<Double> latency(String bootstrap, Sender sender) throws Exception {
        Map<String, Long> received = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
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
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
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

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double percentile(List<Double> values, double p) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static void report(double oursRate, double baseRate, List<Double> ours, List<Double> base) {
        OUT.printf("## Kafka publishing (1 local KRaft broker, acks=all, idempotent; %d events)%n%n", BACKLOG);
        OUT.printf("| measure | snapledger | plain KafkaProducer loop | ratio |%n|---|---|---|---|%n");
        OUT.printf("| backlog published (events/s) | %.0f | %.0f | %.2f |%n", oursRate, baseRate, oursRate / baseRate);
        for (double p : new double[] {0.50, 0.99}) {
            double o = percentile(ours, p);
            double b = percentile(base, p);
            OUT.printf("| send to consumer, p%.0f (ms) | %.1f | %.1f | %.2f |%n", p * 100, o, b, o / b);
        }
        OUT.println();
    }

    private static CommandMetadata meta() {
        return new CommandMetadata("bench", null, UUID.randomUUID());
    }
}
