package io.snapledger.query;

import io.snapledger.events.DomainEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A projection in a test's temporary directory, fed like an adapter would: one source, each
 * event at the next sequence. {@link #reopen()} closes and opens the same store, as a restart does.
 */
final class ProjectionHarness implements AutoCloseable {

    static final String SOURCE = "test:events";

    private final Path directory;
    private SnapshotProjection projection;
    private final DomainSequences sequences = new DomainSequences();
    private long sequence;

    ProjectionHarness(Path directory) {
        this.directory = directory;
        this.projection = SnapshotProjection.open(directory);
        this.sequence = projection.position(SOURCE).map(ProjectionPosition::sequence).orElse(-1L);
    }

    SnapshotProjection projection() {
        return projection;
    }

    SnapshotQueries queries() {
        return projection.queries();
    }

    /** Applies the events one by one, each at the next position. */
    ProjectionHarness feed(List<? extends DomainEvent> events) {
        events.forEach(event -> projection.apply(sequences.at(ProjectionPosition.of(SOURCE, ++sequence), event)));
        return this;
    }

    ProjectionHarness feed(DomainEvent... events) {
        return feed(List.of(events));
    }

    /** Applies the events in one batch. */
    ProjectionHarness feedBatch(List<? extends DomainEvent> events) {
        List<PositionedEvent> batch = new ArrayList<>();
        events.forEach(event -> batch.add(sequences.at(ProjectionPosition.of(SOURCE, ++sequence), event)));
        projection.applyAll(batch);
        return this;
    }

    void reopen() {
        projection.close();
        projection = SnapshotProjection.open(directory);
    }

    @Override
    public void close() {
        projection.close();
    }
}
