package io.snapledger.command.runtime;

import java.util.Objects;

/**
 * A database server that holds the event store instead of the embedded H2 file, for running
 * several command-side processes against one store. Only PostgreSQL is supported; its JDBC driver
 * must be on the class path.
 *
 * @param jdbcUrl  e.g. {@code jdbc:postgresql://db:5432/snapledger}
 * @param user     the database user
 * @param password the user's password; never printed
 */
public record ExternalDatabase(String jdbcUrl, String user, String password) {

    public ExternalDatabase {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        StoreDialect.forJdbcUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        return "ExternalDatabase[" + jdbcUrl + " as " + user + "]";
    }
}
