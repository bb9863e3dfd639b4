package steward.storage.sql;

import java.sql.Connection;
import java.sql.SQLException;
import steward.execution.AssociationExecution;
import steward.execution.ExecutionTarget;

/**
 * Work that must commit or fail together with a target's final result: it runs inside the
 * transaction of {@link SqlExecutionStore#updateTarget}, after the result is written. Compliance
 * uses it so that a node's Association item never disagrees with its recorded result.
 */
@FunctionalInterface
public interface TargetResultHook {
    TargetResultHook NONE = (connection, execution, target) -> {
    };

    void targetFinished(Connection connection, AssociationExecution execution, ExecutionTarget target)
            throws SQLException;
}
