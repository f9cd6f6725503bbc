package io.snapledger.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * Builds and reads the keys of every column family. Composite keys start with the domain's name
 * in UTF-8 and a 0x00 byte, so one domain's keys form a contiguous range that a prefix iterator
 * or a range delete covers exactly ({@code web\0} is no prefix of {@code web01\0}). UTF-8 never
 * holds a 0x00 byte except for U+0000, which a domain name therefore must not contain. Numbers
 * are big-endian and times sign-flipped so that byte order is numeric and chronological order.
 */
final class Keys {

    static final int UUID_BYTES = 16;
    static final int TIME_BYTES = 12;
    private static final byte SEPARATOR = 0;

    private Keys() {
    }

    /** A key that is just a text: a domain name, a source name. */
    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** {@code domain 0x00}: the start of every composite key of the domain. */
    static byte[] domainPrefix(String domain) {
        if (domain.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("domain name " + domain.replace("\0", "\\0")
                    + " contains U+0000; the projection's keys cannot hold it");
        }
        byte[] name = text(domain);
        return Arrays.copyOf(name, name.length + 1);
    }

    /** The first key after every key that starts with {@code prefix} (which ends in 0x00). */
    static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        end[end.length - 1]++;
        return end;
    }

    static byte[] node(String domain, UUID uuid) {
        byte[] prefix = domainPrefix(domain);
        return ByteBuffer.allocate(prefix.length + UUID_BYTES).put(prefix).put(uuid(uuid)).array();
    }

    static byte[] name(String domain, String name) {
        byte[] prefix = domainPrefix(domain);
        byte[] text = text(name);
        return ByteBuffer.allocate(prefix.length + text.length).put(prefix).put(text).array();
    }

    static byte[] id(String domain, long id) {
        byte[] prefix = domainPrefix(domain);
        return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(id).array();
    }

    /** {@code domain 0x00 time sequence}: a domain's history in time order, equal times in applied order. */
    static byte[] history(HistoryKey key) {
        return history(domainPrefix(key.domain()), key.time(), key.sequence());
    }

    /** {@link #history(HistoryKey)} from the domain's {@link #domainPrefix}. */
    static byte[] history(byte[] domainPrefix, Instant time, long sequence) {
        return putTime(ByteBuffer.allocate(domainPrefix.length + TIME_BYTES + Long.BYTES).put(domainPrefix), time)
                .putLong(sequence).array();
    }

    /** Where a domain's history at or after {@code time} starts. */
    static byte[] historyFrom(String domain, Instant time) {
        byte[] prefix = domainPrefix(domain);
        return putTime(ByteBuffer.allocate(prefix.length + TIME_BYTES).put(prefix), time).array();
    }

    static HistoryKey historyKey(byte[] key) {
        int separator = separatorIndex(key);
        String domain = new String(key, 0, separator, StandardCharsets.UTF_8);
        ByteBuffer rest = ByteBuffer.wrap(key, separator + 1, TIME_BYTES + Long.BYTES);
        return new HistoryKey(domain, time(rest), rest.getLong());
    }

    /** {@code time domain 0x00 sequence}: every domain's history in time order. */
    static byte[] historyByTime(HistoryKey key) {
        return historyByTime(domainPrefix(key.domain()), key.time(), key.sequence());
    }

    /** {@link #historyByTime(HistoryKey)} from the domain's {@link #domainPrefix}. */
    static byte[] historyByTime(byte[] domainPrefix, Instant time, long sequence) {
        return putTime(ByteBuffer.allocate(TIME_BYTES + domainPrefix.length + Long.BYTES), time)
                .put(domainPrefix).putLong(sequence).array();
    }

    static HistoryKey historyByTimeKey(byte[] key) {
        ByteBuffer buffer = ByteBuffer.wrap(key);
        Instant time = time(buffer);
        int separator = separatorIndex(key, TIME_BYTES);
        String domain = new String(key, TIME_BYTES, separator - TIME_BYTES, StandardCharsets.UTF_8);
        long sequence = ByteBuffer.wrap(key, separator + 1, Long.BYTES).getLong();
        return new HistoryKey(domain, time, sequence);
    }

    static byte[] time(Instant time) {
        return putTime(ByteBuffer.allocate(TIME_BYTES), time).array();
    }

    private static ByteBuffer putTime(ByteBuffer buffer, Instant time) {
        return buffer.putLong(time.getEpochSecond() ^ Long.MIN_VALUE).putInt(time.getNano());
    }

    static Instant time(ByteBuffer buffer) {
        long seconds = buffer.getLong() ^ Long.MIN_VALUE;
        return Instant.ofEpochSecond(seconds, buffer.getInt());
    }

    static byte[] uuid(UUID uuid) {
        return ByteBuffer.allocate(UUID_BYTES)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }

    static UUID uuid(byte[] bytes) {
        return uuidAt(bytes, 0);
    }

    static UUID uuidAt(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, UUID_BYTES);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static byte[] longValue(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    static long longValue(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getLong();
    }

    /** The domain a composite key starts with. */
    static String domainOf(byte[] key) {
        return new String(key, 0, separatorIndex(key), StandardCharsets.UTF_8);
    }

    /** Where the part after {@code domain 0x00} starts. */
    static int afterDomain(byte[] key) {
        return separatorIndex(key) + 1;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int separatorIndex(byte[] key) {
        return separatorIndex(key, 0);
    }

    private static int separatorIndex(byte[] key, int from) {
        for (int i = from; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return i;
            }
        }
        throw new IllegalArgumentException("key has no domain separator: " + Arrays.toString(key));
    }

    /** Identifies one history entry; {@code sequence} counts the domain's entries from 1. */
    record HistoryKey(String domain, Instant time, long sequence) {
    }
}
