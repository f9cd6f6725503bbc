package io.snapledger.query;

import java.nio.charset.StandardCharsets;

/**
 * The column families of the projection store. The key layout of each is described on
 * {@link SnapshotProjection}; {@link Keys} builds and reads the keys.
 */
enum Family {
    /** RocksDB always has it; it holds the store's format marker. */
    DEFAULT("default"),
    POSITIONS("positions"),
    DOMAINS("domains"),
    CURRENT("current"),
    NODES("nodes"),
    LINKS("links"),
    NAMES("names"),
    IDS("ids"),
    HISTORY("history"),
    HISTORY_BY_TIME("history-by-time"),
    HISTORY_SEQUENCES("history-sequences");

    private final String familyName;

    Family(String familyName) {
        this.familyName = familyName;
    }

    String familyName() {
        return familyName;
    }

    byte[] nameBytes() {
        return familyName.getBytes(StandardCharsets.UTF_8);
    }
}
