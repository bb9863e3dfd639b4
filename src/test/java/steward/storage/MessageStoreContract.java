package steward.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import steward.node.agent.messages.AgentInvocation;
import steward.node.agent.messages.AgentMessage;
import steward.storage.sql.SqlMessageStore;
import steward.tenant.Tenant;
import steward.node.agent.messages.MessageStore;
import steward.testing.Race;
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

    private static AgentInvocation inProgress(AgentInvocation i, Instant at) {
        return new AgentInvocation(i.messageId(), i.tenant(), i.instanceId(), i.commandId(), "InProgress", "InProgress",
                i.plugins(), at, i.deliveryDeadline(), at.plusSeconds(60), null);
    }

    private static AgentInvocation ended(AgentInvocation i, Instant at) {
        return new AgentInvocation(i.messageId(), i.tenant(), i.instanceId(), i.commandId(), "Success", "Success",
                i.plugins(), at, i.deliveryDeadline(), i.executionDeadline(), at);
    }

    @Test
    void aCallOnAMessageOfAnotherInstanceOrNoneChangesNothing() {
        String id = enqueue("c7");
        MessageStore.Change never = (m, i) -> {
            throw new AssertionError("the change ran");
        };
        assertNull(store.record("mi-00000000000000000", id, "reply-0000000000000007", T0, never));
        assertNull(store.record(NODE, AgentMessage.messageId("c8", NODE), null, T0, never));
        assertTrue(store.firstReply("reply-0000000000000007", id, T0), "the reply id of a refused call was kept");
        assertEquals("Pending", store.invocation(id).orElseThrow().status());
    }

    @Test
    void aCallWritesTheMessageStateAndTheInvocationTogetherAndAResentReplyNothing() {
        String id = enqueue("c9");
        MessageStore.Recorded ack = store.record(NODE, id, null, T0.plusSeconds(1),
                (m, i) -> new MessageStore.Update(AgentMessage.State.Acknowledged, inProgress(i, T0.plusSeconds(1))));
        assertTrue(ack.firstReply());
        assertEquals("Pending", ack.before().status());
        assertEquals("InProgress", ack.after().status());
        assertEquals(AgentMessage.State.Acknowledged, store.find(id).orElseThrow().state());
        assertEquals("InProgress", store.invocation(id).orElseThrow().status());

        MessageStore.Recorded done = store.record(NODE, id, "reply-0000000000000009", T0.plusSeconds(2),
                (m, i) -> new MessageStore.Update(AgentMessage.State.Completed, ended(i, T0.plusSeconds(2))));
        assertTrue(done.after().finished());
        assertEquals(AgentMessage.State.Completed, store.find(id).orElseThrow().state());

        MessageStore.Recorded resent = store.record(NODE, id, "reply-0000000000000009", T0.plusSeconds(3), (m, i) -> {
            throw new AssertionError("the change ran for a resent reply");
        });
        assertFalse(resent.firstReply());
        List<AgentInvocation> seen = new ArrayList<>();
        MessageStore.Recorded late = store.record(NODE, id, "reply-0000000000000010", T0.plusSeconds(4), (m, i) -> {
            seen.add(i);
            return new MessageStore.Update(AgentMessage.State.Acknowledged, null);
        });
        assertEquals(1, seen.size());
        assertNull(seen.get(0), "a finished invocation was offered for a change");
        assertTrue(late.after().finished());
        assertEquals(AgentMessage.State.Completed, store.find(id).orElseThrow().state(), "a final state was left");
    }

    @Test
    void progressTellsPendingPickedUpAndFinishedApart() {
        String pending = enqueue("p1");
        String picked = enqueue("p2");
        String done = enqueue("p3");
        store.saveInvocation(inProgress(store.invocation(picked).orElseThrow(), T0.plusSeconds(5)));
        store.saveInvocation(ended(inProgress(store.invocation(done).orElseThrow(), T0), T0.plusSeconds(6)));
        java.util.Map<String, MessageStore.Progress> found = new java.util.HashMap<>();
        store.progress(List.of(pending, picked, done, AgentMessage.messageId("p4", NODE)))
                .forEach(p -> found.put(p.messageId(), p));
        assertEquals(Set.of(pending, picked, done), found.keySet());
        assertEquals(new MessageStore.Progress(pending, false, false, T0), found.get(pending));
        assertEquals(new MessageStore.Progress(picked, true, false, T0.plusSeconds(5)), found.get(picked));
        assertEquals(new MessageStore.Progress(done, true, true, T0.plusSeconds(6)), found.get(done));
        assertTrue(store.progress(List.of()).isEmpty());
    }

    @Test
    void aChangeThatFailsLeavesNothingBehind() {
        String id = enqueue("c11");
        try {
            store.record(NODE, id, "reply-0000000000000011", T0, (m, i) -> {
                throw new IllegalStateException("refused");
            });
        } catch (IllegalStateException expected) {
            // the write is undone
        }
        assertTrue(store.firstReply("reply-0000000000000011", id, T0), "the reply id of an undone call was kept");
        assertEquals(AgentMessage.State.Queued, store.find(id).orElseThrow().state());
    }

    /** Polls of one agent held by two servers at once: every message goes out once. */
    @Test
    void pollsOnTwoServersDeliverEachMessageOnce() throws Exception {
        Set<String> queued = new HashSet<>();
        for (int n = 0; n < 40; n++) {
            queued.add(enqueue("race-" + n));
        }
        try (Database other = stores.openAgain()) {
            SqlMessageStore second = new SqlMessageStore(other);
            List<Callable<List<AgentMessage>>> polls = new ArrayList<>();
            for (int n = 0; n < 8; n++) {
                SqlMessageStore on = n % 2 == 0 ? store : second;
                polls.add(() -> {
                    List<AgentMessage> got = new ArrayList<>();
                    for (int round = 0; round < 10; round++) {
                        got.addAll(on.deliver(NODE, T0, T0.plusSeconds(30), 3));
                    }
                    return got;
                });
            }
            List<String> delivered = Race.run(polls).stream().flatMap(List::stream).map(AgentMessage::messageId).toList();
            assertEquals(queued, new HashSet<>(delivered));
            assertEquals(queued.size(), delivered.size(), "a message was delivered twice");
        }
    }

    /** An acknowledgement and a final reply through two servers at once: both land, in some order. */
    @Test
    void callsOnOneMessageThroughTwoServersRunOneAfterTheOther() throws Exception {
        for (int n = 0; n < 10; n++) {
            String id = enqueue("order-" + n);
            try (Database other = stores.openAgain()) {
                SqlMessageStore second = new SqlMessageStore(other);
                String reply = "reply-order-" + n;
                List<MessageStore.Recorded> both = Race.run(List.of(
                        () -> store.record(NODE, id, null, T0.plusSeconds(1), (m, i) -> new MessageStore.Update(
                                AgentMessage.State.Acknowledged, i == null ? null : inProgress(i, T0.plusSeconds(1)))),
                        () -> second.record(NODE, id, reply, T0.plusSeconds(2), (m, i) -> new MessageStore.Update(
                                AgentMessage.State.Completed, i == null ? null : ended(inProgress(i, T0), T0.plusSeconds(2))))));
                AgentInvocation last = store.invocation(id).orElseThrow();
                assertTrue(last.finished(), "an acknowledgement overwrote the final reply");
                assertEquals(AgentMessage.State.Completed, store.find(id).orElseThrow().state());
                assertTrue(both.get(1).after().finished());
            }
        }
    }
}
