package io.snapledger.kafka;

import io.snapledger.events.model.Nullable;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Whether and where a home publishes to Kafka, from {@code HOME/snapledger.properties}:
 * <pre>
 * kafka.bootstrap=HOST:PORT[,HOST:PORT...]   publishing is off without it
 * kafka.partitions=3                         partitions of the topics created at start
 * kafka.replication=N                        their replication factor (default: min(3, brokers))
 * kafka.wait.seconds=10                      how long a command waits for the publisher before exiting
 * kafka.delivery.timeout.seconds=10          how long the producer tries to deliver a record before the batch fails
 * </pre>
 * The CLI's {@code --kafka BOOTSTRAP} overrides {@code kafka.bootstrap} for one run.
 *
 * @param bootstrap   the brokers, or null: publishing off
 * @param partitions  partitions of a topic snapledger creates
 * @param replication replication factor of a topic snapledger creates; 0: min(3, brokers)
 * @param publishWait how long a command waits for the publisher to reach the end of the store
 * @param deliveryTimeout how long the producer tries to deliver a record ({@code delivery.timeout.ms});
 *                        a record not acknowledged by then fails its batch, which is aborted and retried
 */
public record KafkaSettings(@Nullable String bootstrap, int partitions, int replication, Duration publishWait,
                            Duration deliveryTimeout) {
    public static final String FILE = "snapledger.properties";
    public static final String BOOTSTRAP = "kafka.bootstrap";
    public static final String PARTITIONS = "kafka.partitions";
    public static final String REPLICATION = "kafka.replication";
    public static final String WAIT_SECONDS = "kafka.wait.seconds";
    public static final String DELIVERY_TIMEOUT_SECONDS = "kafka.delivery.timeout.seconds";

    public KafkaSettings {
        if (bootstrap != null && bootstrap.isBlank()) {
            bootstrap = null;
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(PARTITIONS + " must be at least 1, was " + partitions);
        }
        if (replication < 0) {
            throw new IllegalArgumentException(REPLICATION + " must not be negative, was " + replication);
        }
        if (deliveryTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException(DELIVERY_TIMEOUT_SECONDS + " must be at least 1, was "
                    + deliveryTimeout.toSeconds());
        }
    }

    public static KafkaSettings off() {
        return new KafkaSettings(null, 3, 0, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    public boolean enabled() {
        return bootstrap != null;
    }

    public KafkaSettings withBootstrap(@Nullable String servers) {
        return new KafkaSettings(servers, partitions, replication, publishWait, deliveryTimeout);
    }

    /** The home's settings; all defaults (publishing off) when the file is absent. */
    public static KafkaSettings of(Path home) {
        Properties properties = read(home);
        KafkaSettings defaults = off();
        try {
            return new KafkaSettings(properties.getProperty(BOOTSTRAP),
                    Integer.parseInt(properties.getProperty(PARTITIONS, String.valueOf(defaults.partitions()))),
                    Integer.parseInt(properties.getProperty(REPLICATION, "0")),
                    seconds(properties, WAIT_SECONDS, defaults.publishWait()),
                    seconds(properties, DELIVERY_TIMEOUT_SECONDS, defaults.deliveryTimeout()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(home.resolve(FILE) + " holds a number that is not one: " + e.getMessage()
                    + "; fix it with 'snapledger config KEY VALUE'");
        }
    }

    private static Duration seconds(Properties properties, String key, Duration otherwise) {
        return Duration.ofSeconds(Long.parseLong(properties.getProperty(key, String.valueOf(otherwise.toSeconds()))));
    }

    public static Properties read(Path home) {
        Properties properties = new Properties();
        Path file = home.resolve(FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return properties;
    }
}
