package io.snapledger.kafka.querynode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapledger.command.domain.DomainRuleException;
import io.snapledger.events.kafka.KafkaContract;
import io.snapledger.image.ImageOperationException;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partitions of {@link KafkaContract#EVENTS_TOPIC} a query node in a consumer group reads
 * now, kept in its home so that the read-only commands answer only for the domains of those
 * partitions. A partition the group gave to another member keeps its data and stored offset in
 * this home (if it comes back, reading goes on from there), but that data stops at the moment it
 * was taken away: answering from it would pass an old state off as the current one. A member that
 * stops keeps what it read last, as any stopped query node does. A query node that reads every
 * partition (no group) has no such file and answers for every domain.
 *
 * @param group      the consumer group
 * @param partitions how many partitions the topic has
 * @param served     the partitions this member reads
 */
public record ServedPartitions(String group, int partitions, Set<Integer> served) {
    static final String FILE = "served-partitions.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public ServedPartitions {
        served = Collections.unmodifiableSortedSet(new TreeSet<>(served));
    }

    /**
     * The partition of a domain's events: the producer's default partitioner on the record key,
     * the domain name in UTF-8 (see the publisher's records).
     */
    public static int partitionOf(String domain, int partitions) {
        return Utils.toPositive(Utils.murmur2(domain.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public boolean serves(String domain) {
        return served.contains(partitionOf(domain, partitions));
    }

    /** Refuses a domain another member of the group reads now. */
    public void requireServes(String domain) {
        if (!serves(domain)) {
            throw new DomainRuleException("NOT_SERVED_HERE", "domain " + domain + " is not served by this query node "
                    + "now: its partition " + partitionOf(domain, partitions) + " of " + KafkaContract.EVENTS_TOPIC
                    + " is read by another member of consumer group " + group + "; ask that member");
        }
    }

    /** The partitions a query node's home records, if it runs in a group. */
    public static Optional<ServedPartitions> read(Path home) {
        Path file = home.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ServedPartitions.class));
        } catch (IOException e) {
            throw new ImageOperationException("cannot read " + file + ": " + e.getMessage()
                    + "; run the query node again to rewrite it");
        }
    }

    /** Replaces the record in {@code home} whole, so a reader sees the old one or the new one. */
    public void write(Path home) {
        Path file = home.resolve(FILE);
        Path next = home.resolve(FILE + ".next");
        try {
            JSON.writeValue(next.toFile(), this);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ImageOperationException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A query node that reads every partition answers for every domain. */
    public static void forget(Path home) {
        try {
            Files.deleteIfExists(home.resolve(FILE));
        } catch (IOException e) {
            throw new ImageOperationException("cannot remove " + home.resolve(FILE) + ": " + e.getMessage());
        }
    }
}
