package io.snapledger.core;

import java.util.Optional;

/**
 * How a home stands: what {@code status} shows.
 *
 * @param domains          the domains defined now
 * @param events           the events in the store
 * @param applied          the events the projection has applied
 * @param store            the embedded store's file; empty for an external database, which keeps its own space
 * @param compactsOnClose  whether closing the home compacts the store file (bulk appends left it mostly waste)
 * @param outlet           where the events go past the home
 */
public record LedgerStatus(long domains, long events, long applied, Optional<StoreFile> store,
                           boolean compactsOnClose, EventOutlet.Status outlet) {

    /** The embedded store's file: its size, and about how much of it holds data. */
    public record StoreFile(long bytes, long dataBytes) {
    }

    public long projectionLag() {
        return Math.max(0, events - applied);
    }
}
