package io.snapledger.kafka;

import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.core.EventOutlet;
import io.snapledger.command.runtime.ProcessorTimeoutException;
import io.snapledger.command.runtime.RuntimeSettings;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Kafka publishing for one opened home: the producer, the admin client and the
 * {@link KafkaPublisher} registered with the command runtime, or nothing when the settings name
 * no bootstrap servers.
 */
public final class Publishing implements EventOutlet {
    private final KafkaSettings settings;
    private final Admin admin;
    private final LineageFeed lineage;
    private final KafkaPublisher publisher;
    private boolean gaveUp;

    private Publishing(KafkaSettings settings, Admin admin, LineageFeed lineage, KafkaPublisher publisher) {
        this.settings = settings;
        this.admin = admin;
        this.lineage = lineage;
        this.publisher = publisher;
    }

    public static Publishing open(Path home, KafkaSettings settings) {
        if (!settings.enabled()) {
            return new Publishing(settings, null, null, null);
        }
        LineageFeed lineage = LineageFeed.open(home);
        try {
            Map<String, Object> producerConfig = producerConfig(settings, transactionalId(home));
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
            return new Publishing(settings, admin, lineage,
                    new KafkaPublisher(() -> new KafkaProducer<>(producerConfig), admin, settings, lineage));
        } catch (RuntimeException e) {
            lineage.close();
            throw e;
        }
    }

    /**
     * The home's own transactional id, made once and kept in {@code HOME/kafka/transactional-id}:
     * a new producer with it aborts what an earlier one of this home left open, and two homes
     * publishing to one cluster never fence each other.
     */
    static String transactionalId(Path home) {
        Path file = home.resolve("kafka").resolve("transactional-id");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "snapledger-publisher-" + UUID.randomUUID() + "\n");
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the publisher's transactional id in " + file + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Transactional (so idempotent), every replica acknowledges; the timeouts are short because a
     * command waits for the publisher only a few seconds, and an unreachable broker must fail a
     * batch, not hang it. A request may take half the delivery time (at most 5 s), so a record is
     * tried at least twice before it expires.
     */
    static Map<String, Object> producerConfig(KafkaSettings settings, String transactionalId) {
        long deliveryMillis = settings.deliveryTimeout().toMillis();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(5000, deliveryMillis / 2));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMillis);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "snapledger-publisher");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** How many batches failed in this process (each aborted, its producer discarded, and retried). */
    public long failedBatches() {
        return enabled() ? publisher.failedBatches() : 0;
    }

    public KafkaSettings settings() {
        return settings;
    }

    public boolean enabled() {
        return publisher != null;
    }

    /** Opens the publishing of each home it is given, with {@code settings}. */
    public static EventOutlet.Opener opener(KafkaSettings settings) {
        return home -> open(home, settings);
    }

    @Override
    public String processingGroup() {
        return enabled() ? KafkaPublisher.GROUP : null;
    }

    @Override
    public Status status(CommandRuntime runtime) {
        return new Status(enabled(), settings.bootstrap(), enabled() ? unpublished(runtime) : 0);
    }

    /** The runtime settings with the publisher's processor added, when publishing is on. */
    @Override
    public RuntimeSettings register(RuntimeSettings runtime) {
        return enabled() ? runtime.withPublisher(publisher, KafkaPublisher.GROUP, KafkaPublisher.BATCH_SIZE) : runtime;
    }

    /**
     * Waits, within the configured time, until every stored event is acknowledged by Kafka.
     *
     * @return a one-line warning when it is not; empty when it is or publishing is off
     */
    @Override
    public Optional<String> awaitPublished(CommandRuntime runtime) {
        if (!enabled()) {
            return Optional.empty();
        }
        try {
            // a second wait in the same run (status, then close) does not wait again for an absent broker
            runtime.awaitCaughtUp(KafkaPublisher.GROUP, gaveUp ? Duration.ZERO : settings.publishWait());
            return Optional.empty();
        } catch (ProcessorTimeoutException | IllegalStateException e) {
            gaveUp = true;
            long unpublished = unpublished(runtime);
            return Optional.of("warning: " + (unpublished < 0 ? "some" : String.valueOf(unpublished))
                    + " events are not yet published to Kafka at "
                    + settings.bootstrap() + " (they are safe in the store; the next command publishes them)");
        }
    }

    /**
     * How many stored events Kafka has not acknowledged yet: 0 when publishing is off, -1 when
     * unknown (the publisher has not yet held its position in this process).
     */
    public long unpublished(CommandRuntime runtime) {
        if (!enabled()) {
            return 0;
        }
        TrackingEventProcessor processor = runtime.configuration().eventProcessingConfiguration()
                .eventProcessorByProcessingGroup(KafkaPublisher.GROUP, TrackingEventProcessor.class).orElseThrow();
        // a processor retrying after a failure holds no segment: then the last position it committed counts
        TrackingToken token = processor.processingStatus().values().stream().findFirst()
                .map(EventTrackerStatus::getTrackingToken).orElse(publisher.committedPosition());
        if (token == null && processor.processingStatus().isEmpty()) {
            return -1;
        }
        if (token == null) {
            return runtime.storedEvents().count();
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return runtime.storedEvents().countAfter(gapAware.getIndex(), gapAware.getGaps());
        }
        return runtime.storedEvents().countAfter(token.position().orElse(-1), List.of());
    }

    @Override
    public void close() {
        if (!enabled()) {
            return;
        }
        try {
            publisher.close();
            admin.close(Duration.ofSeconds(2));
        } finally {
            lineage.close();
        }
    }
}
