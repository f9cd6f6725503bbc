package io.snapledger.command.runtime;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * How much of the embedded store's file holds data, as H2's MVStore reports it.
 *
 * <p>MVStore writes copy-on-write: a commit writes every page it changed into a new chunk at the
 * end of the file and leaves the old copies behind. A commit of a thousand events touches most
 * leaf pages of the random-UUID event identifier index, so bulk appends leave far more old pages
 * than data. MVStore reclaims that space in its background housekeeping thread, but the store
 * runs with {@code WRITE_DELAY=0} (every commit written at once, for durability), which is also
 * what stops that thread: the waste stays until the file is compacted.
 *
 * @param fileBytes the size of the {@code .mv.db} file
 * @param liveBytes an estimate of the bytes still in use: the part of the file covered by chunks
 *                  ({@code info.FILL_RATE}) times the live part of those chunks
 *                  ({@code info.CHUNKS_FILL_RATE}); a compacted file is about this size
 */
public record StoreSpace(long fileBytes, long liveBytes) {

    /** Bytes a compaction would give back, about. */
    public long wasteBytes() {
        return fileBytes - liveBytes;
    }

    /** Reads the open store's figures from {@code INFORMATION_SCHEMA.SETTINGS}. */
    static StoreSpace of(Connection connection) throws SQLException {
        Map<String, Long> info = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS "
                     + "WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.FILL_RATE', 'info.CHUNKS_FILL_RATE')")) {
            while (rows.next()) {
                info.put(rows.getString(1), Long.parseLong(rows.getString(2)));
            }
        }
        long fileBytes = required(info, "info.FILE_SIZE");
        long live = fileBytes * required(info, "info.FILL_RATE") / 100 * required(info, "info.CHUNKS_FILL_RATE") / 100;
        return new StoreSpace(fileBytes, live);
    }

    private static long required(Map<String, Long> info, String name) {
        Long value = info.get(name);
        if (value == null) {
            throw new IllegalStateException("H2 does not report " + name + "; is the embedded store an MVStore file?");
        }
        return value;
    }
}
