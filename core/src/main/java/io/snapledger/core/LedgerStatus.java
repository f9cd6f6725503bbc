package io.snapledger.core;

import io.snapledger.command.runtime.StoreSpace;

import java.util.Optional;

/**
 * How a home stands: what {@code status} shows.
 *
 * @param domains          the domains defined now
 * @param events           the events in the store
 * @param applied          the events the projection has applied
 * @param store            the embedded store's file size and data; empty for an external database
 * @param compactsOnClose  whether closing the home compacts the store file (bulk appends left it mostly waste)
 * @param outlet           where the events go past the home
 */
public record LedgerStatus(long domains, long events, long applied, Optional<StoreSpace> store,
                           boolean compactsOnClose, EventOutlet.Status outlet) {
    public long projectionLag() {
        return Math.max(0, events - applied);
    }
}
