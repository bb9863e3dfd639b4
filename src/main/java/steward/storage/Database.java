package steward.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Transactions over the store. {@link #write} commits before it returns, so a write the
 * server acknowledges is durable; implementations decide how writers are serialized.
 */
public interface Database extends AutoCloseable {
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T read(Work<T> work);

    <T> T write(Work<T> work);

    @Override
    void close();
}
