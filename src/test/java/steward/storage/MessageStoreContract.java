package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.node.agent.messages.AgentInvocation;
import steward.node.agent.messages.AgentMessage;
import steward.storage.sql.SqlMessageStore;
import steward.tenant.Tenant;
import steward.testing.StoreFactory;

/** The ec2messages store: delivery and visibility, withdrawal, replies seen once, forgetting old rows. */
public abstract class MessageStoreContract {
    private static final Tenant TENANT = new Tenant("000000000000", "us-east-1");
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    private static final String NODE = "mi-0123456789abcdef0";

    private final StoreFactory stores = stores();
    private Database database;
    private SqlMessageStore store;

    protected abstract StoreFactory stores();

    @BeforeEach
    void open() {
        database = stores.open();
        store = new SqlMessageStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private String enqueue(String commandId) {
        String id = AgentMessage.messageId(commandId, NODE);
        store.enqueue(new AgentMessage(id, TENANT, NODE, commandId, "aws.ssm.sendCommand.us.east.1.1", "{}", T0,
                AgentMessage.State.Queued), new AgentInvocation(id, TENANT, NODE, commandId, "Pending", "Pending",
                JsonNodeFactory.instance.objectNode(), T0, T0.plusSeconds(3600), null, null));
        return id;
    }

    @Test
    void aDeliveredMessageIsHiddenUntilItsVisibilityTimeoutAndAnAcknowledgedOneForGood() {
        String id = enqueue("c1");
        assertEquals(List.of(id), store.deliver(NODE, T0, T0.plusSeconds(10), 10).stream().map(AgentMessage::messageId).toList());
        assertTrue(store.deliver(NODE, T0.plusSeconds(5), T0.plusSeconds(15), 10).isEmpty());
        assertEquals(1, store.deliver(NODE, T0.plusSeconds(10), T0.plusSeconds(20), 10).size());
        store.setState(id, AgentMessage.State.Acknowledged, T0.plusSeconds(11));
        assertTrue(store.deliver(NODE, T0.plusSeconds(60), T0.plusSeconds(70), 10).isEmpty());
        assertTrue(store.deliver("mi-00000000000000000", T0.plusSeconds(60), T0.plusSeconds(70), 10).isEmpty());
    }

    @Test
    void replyIdsCountOnce() {
        String id = enqueue("c2");
        assertTrue(store.firstReply("reply-0000000000000001", id, T0));
        assertFalse(store.firstReply("reply-0000000000000001", id, T0.plusSeconds(300)));
    }

    @Test
    void onlyAMessageNoAgentTookCanBeWithdrawn() {
        String untaken = enqueue("c3");
        assertTrue(store.withdraw(untaken, T0));
        assertTrue(store.deliver(NODE, T0, T0.plusSeconds(10), 10).isEmpty());
        String taken = enqueue("c4");
        store.deliver(NODE, T0, T0.plusSeconds(10), 10);
        AgentInvocation pending = store.invocation(taken).orElseThrow();
        store.saveInvocation(new AgentInvocation(taken, TENANT, NODE, "c4", "InProgress", "InProgress",
                pending.plugins(), T0, pending.deliveryDeadline(), T0, null));
        assertFalse(store.withdraw(taken, T0));
    }

    @Test
    void oldRepliesAndEndedMessagesAreForgottenButNotOpenOnes() {
        String done = enqueue("c5");
        String open = enqueue("c6");
        store.firstReply("reply-0000000000000005", done, T0);
        store.setState(done, AgentMessage.State.Completed, T0);
        AgentInvocation invocation = store.invocation(done).orElseThrow();
        store.saveInvocation(new AgentInvocation(done, TENANT, NODE, "c5", "Success", "Success", invocation.plugins(), T0,
                invocation.deliveryDeadline(), T0, T0));
        assertEquals(0, store.forget(T0, T0));
        assertEquals(3, store.forget(T0.plusSeconds(1), T0.plusSeconds(1)));
        assertTrue(store.find(done).isEmpty());
        assertTrue(store.invocation(done).isEmpty());
        assertTrue(store.find(open).isPresent());
        assertTrue(store.firstReply("reply-0000000000000005", done, T0.plusSeconds(2)));
    }
}
