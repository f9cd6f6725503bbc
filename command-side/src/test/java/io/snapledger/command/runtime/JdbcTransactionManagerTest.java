package io.snapledger.command.runtime;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.Transaction;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdbcTransactionManagerTest {

    @TempDir
    Path folder;

    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private JdbcTransactionManager transactions;
    private ConnectionProvider connections;

    @BeforeEach
    void database() throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(EventStoreDatabase.embeddedUrl(folder.resolve("tx")));
        ConnectionProvider counting = () -> {
            opened.incrementAndGet();
            open.incrementAndGet();
            Connection connection = dataSource.getConnection();
            return ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.ConnectionCloseHandler() {
                @Override
                public void close(Connection closing) {
                    open.decrementAndGet();
                    JdbcUtils.closeQuietly(closing);
                }

                @Override
                public void commit(Connection committing) throws SQLException {
                    committing.commit();
                }
            });
        };
        transactions = new JdbcTransactionManager(counting);
        connections = transactions.connectionProvider();
        try (Connection setup = counting.getConnection(); Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE fact (name VARCHAR(20))");
        }
    }

    @Test
    void everyUseInsideOneTransactionSharesOneConnectionThatClosesWhenItEnds() throws SQLException {
        int before = opened.get();
        transactions.executeInTransaction(() -> {
            insert("a");
            insert("b");
            transactions.executeInTransaction(() -> insert("c"));
        });

        assertEquals(before + 1, opened.get());
        assertEquals(0, open.get());
        assertEquals(3, count());
    }

    @Test
    void aRollbackDiscardsWhatTheTransactionWrote() throws SQLException {
        Transaction transaction = transactions.startTransaction();
        insert("a");
        transaction.rollback();

        assertEquals(0, count());
        assertEquals(0, open.get());
        assertFalse(transactions.inTransaction());
    }

    @Test
    void whenAJoinedPartRollsBackTheWholeTransactionRollsBack() throws SQLException {
        Transaction outer = transactions.startTransaction();
        insert("a");
        Transaction inner = transactions.startTransaction();
        insert("b");
        inner.rollback();

        assertThrows(JdbcException.class, outer::commit);
        assertEquals(0, count());
        assertEquals(0, open.get());
    }

    @Test
    void aTransactionThatNeverTouchesTheDatabaseOpensNoConnection() {
        int before = opened.get();
        transactions.executeInTransaction(() -> assertTrue(transactions.inTransaction()));

        assertEquals(before, opened.get());
    }

    @Test
    void outsideATransactionEachUseGetsItsOwnAutoCommitConnection() throws SQLException {
        try (Connection connection = connections.getConnection()) {
            assertTrue(connection.getAutoCommit());
        }
        assertEquals(0, open.get());
    }

    @Test
    void eachThreadHasItsOwnTransaction() throws Exception {
        Transaction here = transactions.startTransaction();
        int mine = session();
        int theirs = CompletableFuture.supplyAsync(() -> {
            Transaction there = transactions.startTransaction();
            try {
                return session();
            } finally {
                there.commit();
            }
        }).get();
        int mineAgain = session();
        here.commit();

        assertEquals(mine, mineAgain);
        assertNotEquals(mine, theirs);
    }

    private void insert(String name) {
        try (Connection connection = connections.getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO fact VALUES ('" + name + "')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int session() {
        try (Connection connection = connections.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT SESSION_ID()")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int count() throws SQLException {
        try (Connection connection = connections.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM fact")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
