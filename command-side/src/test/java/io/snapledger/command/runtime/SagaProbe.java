package io.snapledger.command.runtime;

import io.snapledger.events.model.DeviceLocation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Where {@link TestSnapshotSaga} reports, handed to it as a handler parameter. */
public final class SagaProbe {

    /** What a saga remembered from its start event when it ended. */
    record Remembered(String domain, String name, List<DeviceLocation> locations) {
    }

    private final Set<UUID> started = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Remembered> ended = new ConcurrentHashMap<>();

    void started(UUID snapshot) {
        started.add(snapshot);
    }

    void ended(UUID snapshot, Remembered remembered) {
        ended.put(snapshot, remembered);
    }

    boolean hasStarted(UUID snapshot) {
        return started.contains(snapshot);
    }

    Remembered endedWith(UUID snapshot) {
        return ended.get(snapshot);
    }
}
