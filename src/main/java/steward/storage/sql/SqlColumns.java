package steward.storage.sql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import steward.storage.Database;

/** How the SQL stores bind and read values: timestamps are epoch milliseconds, null when absent. */
final class SqlColumns {
    private SqlColumns() {
    }

    static Instant instant(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static Instant instant(ResultSet rows, String column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(value);
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }

    /** Binds {@code args} to the statement's parameters in order. */
    static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
    }

    /** One row of a result, as its reader wants it. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** Ids bound in one IN list at most, well under SQLite's and PostgreSQL's limits on parameters. */
    static final int IN_LIST_BATCH = 500;

    /**
     * The rows of a query over a list of ids, read {@value #IN_LIST_BATCH} ids a statement:
     * {@code sql} is given the IN list's placeholders ({@code ?, ?, ...}), and the ids are the
     * statement's only parameters.
     */
    static <T> List<T> readAmong(Database database, Collection<String> ids, Function<String, String> sql, Row<T> row) {
        List<String> all = List.copyOf(ids);
        List<T> found = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_LIST_BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + IN_LIST_BATCH));
            database.read(c -> {
                try (PreparedStatement select = c.prepareStatement(
                        sql.apply(String.join(", ", Collections.nCopies(batch.size(), "?"))))) {
                    for (int n = 0; n < batch.size(); n++) {
                        select.setString(n + 1, batch.get(n));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            found.add(row.read(rows));
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }
}
