package io.snapledger.command.runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the tables of a closed embedded store directly over JDBC, to see what the
 * runtime stored, as an operator or a migration script would.
 */
final class StoreTables {

    private StoreTables() {
    }

    /** Each row as column label to value; binary columns as UTF-8 text. */
    static List<Map<String, String>> query(Path home, String sql, Object... parameters) {
        try (Connection connection = open(home); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<Map<String, String>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                        Object value = rows.getObject(column);
                        row.put(rows.getMetaData().getColumnLabel(column).toLowerCase(),
                                value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                                        : value == null ? null : String.valueOf(rows.getString(column)));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static int update(Path home, String sql, Object... parameters) {
        try (Connection connection = open(home); PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static Connection open(Path home) throws SQLException {
        return DriverManager.getConnection(EventStoreDatabase.embeddedUrl(home.resolve("store").resolve("events")));
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
