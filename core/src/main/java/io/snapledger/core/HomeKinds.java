package io.snapledger.core;

import io.snapledger.command.domain.DomainRuleException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The two kinds of home: one with an event store (every command works there) and a query node's,
 * a projection fed from Kafka and nothing else. A marker file tells the second apart, so that no
 * command meant for a home with an event store (which would rebuild the projection from its own,
 * empty, store) ever opens it.
 */
public final class HomeKinds {
    /** Written in a query node's home by its first {@code query-node} run. */
    public static final String QUERY_NODE_MARKER = "query-node";
    /** The embedded event store's folder in a home with an event store. */
    public static final String EVENT_STORE = "store";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private HomeKinds() {
    }

    /**
     * Creates {@code home} if needed and makes it private to its owner (mode 0700): it holds the
     * audit history, the daemon's secret and, through it, the right to change every domain. A
     * home that was readable by others is tightened.
     */
    public static void createPrivate(Path home) throws IOException {
        Files.createDirectories(home);
        if (!Files.getFileStore(home).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(home);
        if (!modes.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(home, OWNER_ONLY);
        }
    }

    /** Whether {@code home} belongs to a query node. */
    public static boolean isQueryNode(Path home) {
        return Files.exists(home.resolve(QUERY_NODE_MARKER));
    }

    /** Whether {@code home} holds an embedded event store. */
    public static boolean hasEventStore(Path home) {
        return Files.exists(home.resolve(EVENT_STORE));
    }

    /** Refuses to open a query node's home as a home with an event store. */
    public static void refuseQueryNodeHome(Path home) {
        if (isQueryNode(home)) {
            throw new DomainRuleException("QUERY_NODE_HOME", "the snapledger home " + home + " belongs to a query node "
                    + "(a projection fed from Kafka, no event store): only the read-only commands (domains, "
                    + "snapshot-list/-info/-current/-parent/-dumpxml, history), status, query-node and replay "
                    + "--from-kafka work there");
        }
    }
}
