package io.snapledger.command.runtime;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Axon's {@link TransactionManager} over plain JDBC, for running without Spring. A transaction is
 * one connection bound to the thread that started it; the event storage engine, the token store
 * and the saga store all get their connections from {@link #connectionProvider()}, so a tracking
 * processor's token, the saga state it changed and the events a command appended commit together.
 *
 * <p>The connection is opened on first use, so a unit of work that never touches the database
 * (device work waiting on a disk) holds no connection. A transaction started while one is active
 * on the same thread joins it, as Axon expects ({@code executeInTransaction} inside a unit of
 * work); when a joined part rolls back, the whole transaction rolls back at its end.
 */
public final class JdbcTransactionManager implements TransactionManager {

    private final ConnectionProvider connections;
    private final ThreadLocal<BoundTransaction> current = new ThreadLocal<>();

    /** @param connections opens a new physical connection on each call; the caller closes it */
    public JdbcTransactionManager(ConnectionProvider connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    @Override
    public Transaction startTransaction() {
        BoundTransaction active = current.get();
        if (active != null) {
            return active.joined();
        }
        BoundTransaction started = new BoundTransaction(Thread.currentThread());
        current.set(started);
        return started;
    }

    /**
     * Connections for Axon's JDBC components: inside a transaction the thread's transaction
     * connection (closing it does nothing; the transaction closes it when it ends), outside one a
     * new auto-commit connection that the caller closes.
     */
    public ConnectionProvider connectionProvider() {
        return () -> {
            BoundTransaction active = current.get();
            return active == null ? connections.getConnection() : active.connection();
        };
    }

    /** Whether the calling thread is inside a transaction (for tests and assertions). */
    boolean inTransaction() {
        return current.get() != null;
    }

    private final class BoundTransaction implements Transaction {

        private final Thread owner;
        private Connection connection;
        private boolean rollbackOnly;

        private BoundTransaction(Thread owner) {
            this.owner = owner;
        }

        Connection connection() throws SQLException {
            if (connection == null) {
                Connection opened = connections.getConnection();
                try {
                    opened.setAutoCommit(false);
                } catch (SQLException e) {
                    opened.close();
                    throw e;
                }
                connection = opened;
            }
            return ConnectionWrapperFactory.wrap(connection, new ConnectionWrapperFactory.NoOpCloseHandler());
        }

        Transaction joined() {
            return new Transaction() {
                @Override
                public void commit() {
                    // The outermost transaction commits.
                }

                @Override
                public void rollback() {
                    rollbackOnly = true;
                }
            };
        }

        @Override
        public void commit() {
            end(true);
        }

        @Override
        public void rollback() {
            end(false);
        }

        private void end(boolean commit) {
            if (Thread.currentThread() != owner) {
                // The connection is bound to the owner's thread; ending it elsewhere would leave
                // that thread inside a transaction that no longer exists.
                throw new IllegalStateException("a JDBC transaction started on thread " + owner.getName()
                        + " cannot end on thread " + Thread.currentThread().getName());
            }
            current.remove();
            if (connection == null) {
                return;
            }
            try (Connection ending = connection) {
                if (commit && !rollbackOnly) {
                    ending.commit();
                } else {
                    ending.rollback();
                }
            } catch (SQLException e) {
                throw new JdbcException("could not " + (commit ? "commit" : "roll back") + " a transaction", e);
            }
            if (commit && rollbackOnly) {
                throw new JdbcException("transaction rolled back instead of committed: a part of it failed and "
                        + "rolled back", null);
            }
        }
    }
}
