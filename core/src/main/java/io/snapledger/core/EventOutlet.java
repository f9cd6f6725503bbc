package io.snapledger.core;

import io.snapledger.command.runtime.CommandRuntime;
import io.snapledger.command.runtime.RuntimeSettings;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a home's events go beyond the home: Kafka, or nowhere ({@link #NONE}). Its processor
 * runs beside the projection's, but it may stop for a while (brokers away) without failing an
 * operation: the events are safe in the store and it publishes them later.
 */
public interface EventOutlet extends AutoCloseable {

    /** Opens the outlet of one home: what it keeps of its own lives in that home. */
    @FunctionalInterface
    interface Opener {
        EventOutlet open(Path home);
    }

    /**
     * @param enabled     whether events go anywhere
     * @param target      where they go (Kafka's bootstrap servers), or null
     * @param unpublished how many stored events are not yet acknowledged there; -1 when unknown
     */
    record Status(boolean enabled, String target, long unpublished) {
    }

    EventOutlet NONE = new EventOutlet() {
        @Override
        public String processingGroup() {
            return null;
        }

        @Override
        public RuntimeSettings register(RuntimeSettings settings) {
            return settings;
        }

        @Override
        public Optional<String> awaitPublished(CommandRuntime runtime) {
            return Optional.empty();
        }

        @Override
        public Status status(CommandRuntime runtime) {
            return new Status(false, null, 0);
        }

        @Override
        public void close() {
        }
    };

    /** The processing group of its event processor, or null when it has none. */
    String processingGroup();

    /** The runtime settings with the outlet's processor added. */
    RuntimeSettings register(RuntimeSettings settings);

    /**
     * Waits, within the outlet's own time, until every stored event went out.
     *
     * @return a one-line warning when it did not; empty when it did or the outlet is off
     */
    Optional<String> awaitPublished(CommandRuntime runtime);

    Status status(CommandRuntime runtime);

    @Override
    void close();
}
