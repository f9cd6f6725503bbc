package io.snapledger.examples.consumer;

import java.util.HashMap;
import java.util.Map;

/**
 * The consumer side of at-least-once publishing: an event whose aggregate sequence is not above
 * the last one seen for its domain was seen already (a retried publish sent it again), so it is
 * dropped. Keep the map with whatever the consumer stores, to survive its own restarts.
 */
public final class DuplicateRule {
    private final Map<String, Long> lastSequence = new HashMap<>();

    /** Whether the event is new; if it is, it becomes the domain's last one. */
    public boolean accept(String domain, long aggregateSequence) {
        Long last = lastSequence.get(domain);
        if (last != null && aggregateSequence <= last) {
            return false;
        }
        lastSequence.put(domain, aggregateSequence);
        return true;
    }
}
