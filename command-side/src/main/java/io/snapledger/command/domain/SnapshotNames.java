package io.snapledger.command.domain;

import java.util.Collection;
import java.util.UUID;

/** libvirt's naming rules, and names generated so that two unnamed snapshots never collide. */
final class SnapshotNames {
    private SnapshotNames() {
    }

    static void check(String name) {
        if (name == null || name.isBlank()) {
            throw SnapshotPlanner.refuse("BAD_NAME", "a snapshot name must not be empty");
        }
        if (name.contains("/")) {
            throw SnapshotPlanner.refuse("BAD_NAME", "snapshot name '" + name + "' must not contain '/'");
        }
        if (name.startsWith(".")) {
            throw SnapshotPlanner.refuse("BAD_NAME", "snapshot name '" + name + "' must not start with '.'");
        }
    }

    /** {@code snap<N>} from the never-reused number; a user's own name of that form is stepped around. */
    static String generate(long id, UUID uuid, Collection<String> taken) {
        String name = "snap" + id;
        return taken.contains(name) ? name + "-" + uuid.toString().substring(0, 8) : name;
    }
}
