package io.snapledger.events;

import io.snapledger.events.model.Require;

/** Facts found by comparing the history with the images on disk ({@code reconcile}, {@code fsck}). */
public sealed interface ReconcileEvent extends DomainEvent {

    /**
     * The images of a device differ from what the history says, and snapledger did not make the
     * change. Recorded, not repaired: the operator decides.
     *
     * @param kind   a stable lower-case code for the kind of drift, e.g. {@code image-missing},
     *               {@code active-layer-moved}, {@code snapshot-missing}, {@code unknown-snapshot}
     * @param detail what was expected and what was found, for people
     */
    @EventType(name = "DriftDetected", revision = 1)
    record DriftDetected(String domain, String device, String kind, String detail, EventMetadata meta)
            implements ReconcileEvent {

        public DriftDetected {
            Require.nonBlank(domain, "domain");
            Require.nonBlank(device, "device");
            Require.nonBlank(kind, "kind");
            Require.nonBlank(detail, "detail");
            Require.nonNull(meta, "meta");
        }
    }
}
