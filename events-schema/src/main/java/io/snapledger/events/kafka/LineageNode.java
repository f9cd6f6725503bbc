package io.snapledger.events.kafka;

import io.snapledger.events.model.DiskSnapshotMode;
import io.snapledger.events.model.ImageFormat;
import io.snapledger.events.model.MemoryMode;
import io.snapledger.events.model.Nullable;
import io.snapledger.events.model.Require;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The value of a {@link KafkaContract#LINEAGE_TOPIC} record: one snapshot's latest state. Reading
 * the topic to its end and keeping the last value per key (a null value removes the key) gives
 * every live snapshot of every domain, the tree included through {@code parentUuid}.
 *
 * @param uuid          the snapshot's identity (also the record key), never reused
 * @param domain        the domain it belongs to
 * @param id            its per-domain number, never reused
 * @param name          its name, unique within the domain
 * @param description   free text, or null
 * @param parentUuid    its parent, or null for a root
 * @param children      its children, sorted by name as {@code snapshot-list --tree} shows them
 * @param state         where it is in its life
 * @param devices       each device's part, in the order of the snapshot's plan
 * @param memoryMode    where the guest's memory state is kept
 * @param memoryFile    the memory state file for external memory, else null
 * @param creationTime  when it was taken
 * @param completedTime when it became ready, or null while it is being created
 */
public record LineageNode(UUID uuid, String domain, long id, String name, @Nullable String description,
                          @Nullable UUID parentUuid, List<UUID> children, State state, List<Device> devices,
                          MemoryMode memoryMode, @Nullable String memoryFile, Instant creationTime,
                          @Nullable Instant completedTime) {

    public LineageNode {
        Require.nonNull(uuid, "uuid");
        Require.nonBlank(domain, "domain");
        Require.nonBlank(name, "name");
        children = List.copyOf(Require.nonNull(children, "children"));
        Require.nonNull(state, "state");
        devices = List.copyOf(Require.nonNull(devices, "devices"));
        Require.nonNull(memoryMode, "memoryMode");
        Require.nonNull(creationTime, "creationTime");
    }

    /** A snapshot's life as the tree shows it. */
    public enum State {
        /** Started; its devices are being prepared. It may still be aborted (then a tombstone follows). */
        @JsonProperty("creating") CREATING,
        /** Complete. */
        @JsonProperty("ready") READY,
        /** A deletion that includes it is under way. */
        @JsonProperty("deleting") DELETING
    }

    /**
     * One device's part in the snapshot.
     *
     * @param device  the device name, e.g. {@code vda}
     * @param mode    internal, external or no
     * @param image   the qcow2 file holding the internal entry, or the frozen image of an external
     *                snapshot; null when not known
     * @param format  the format of {@code image}, or null with it
     * @param overlay for external: the overlay created on top of {@code image}; else null
     */
    public record Device(String device, DiskSnapshotMode mode, @Nullable String image, @Nullable ImageFormat format,
                         @Nullable String overlay) {

        public Device {
            Require.nonBlank(device, "device");
            Require.nonNull(mode, "mode");
        }
    }
}
