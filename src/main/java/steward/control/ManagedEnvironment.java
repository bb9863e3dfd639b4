package steward.control;

import java.time.InstantSource;
import steward.alarm.AlarmStates;
import steward.alarm.SqlAlarmStates;
import steward.node.NodeService;
import steward.node.SimulatedNodeCommands;
import steward.node.SqlNodeStore;
import steward.storage.Database;

/**
 * What State Manager acts on and the control API shapes: the managed nodes (a
 * {@link steward.node.NodeDirectory}, with {@link NodeService#addListener}), how commands
 * reach them, and the alarm states associations consult.
 */
public record ManagedEnvironment(NodeService nodes, SimulatedNodeCommands commands, AlarmStates alarms)
        implements AutoCloseable {

    public static ManagedEnvironment open(Database database, InstantSource clock) {
        NodeService nodes = new NodeService(new SqlNodeStore(database), clock);
        return new ManagedEnvironment(nodes, new SimulatedNodeCommands(nodes, clock), new SqlAlarmStates(database));
    }

    /** Stops the command timers; the database belongs to the caller. */
    @Override
    public void close() {
        commands.close();
    }
}
