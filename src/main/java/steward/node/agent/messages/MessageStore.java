package steward.node.agent.messages;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The durable side of ec2messages: messages, the invocations their replies build, and seen reply ids. */
public interface MessageStore {
    /** Stores a message and, for a sendCommand, its invocation, in one transaction. */
    void enqueue(AgentMessage message, AgentInvocation invocation);

    /**
     * Up to {@code limit} messages for the instance that are Queued, or Delivered and visible again
     * at {@code now}, oldest first; each is marked Delivered and hidden until {@code hiddenUntil}.
     */
    List<AgentMessage> deliver(String instanceId, Instant now, Instant hiddenUntil, int limit);

    Optional<AgentMessage> find(String messageId);

    /** Moves the message to {@code state} unless it is already in one of the final states; false if unknown. */
    boolean setState(String messageId, AgentMessage.State state, Instant at);

    /** Records a reply id; false when it was seen before (a resent reply). */
    boolean firstReply(String replyId, String messageId, Instant at);

    Optional<AgentInvocation> invocation(String messageId);

    /**
     * One agent call on one message, in one transaction. When the message does not exist or is
     * not {@code instanceId}'s, nothing changes and null is returned. When {@code replyId} is not
     * null it is recorded; if it was seen before (a resent reply) nothing else changes. Otherwise
     * {@code change} is given the message and its invocation if that is unfinished (else null),
     * and what it returns is written: the message's new state (a final state is kept), and the
     * invocation. {@code change} may run more than once, so it must have no side effects.
     */
    Recorded record(String instanceId, String messageId, String replyId, Instant at, Change change);

    /** What an agent's call does to a message and its unfinished invocation. */
    @FunctionalInterface
    interface Change {
        Update apply(AgentMessage message, AgentInvocation unfinished);
    }

    /** The message's new state and the invocation to save; either may be null for no change. */
    record Update(AgentMessage.State state, AgentInvocation invocation) {
        public static final Update NONE = new Update(null, null);
    }

    /**
     * What {@link #record} found: whether the reply id was new (true without one), and the
     * invocation as it was and as it is now (null when there is none).
     */
    record Recorded(AgentMessage message, boolean firstReply, AgentInvocation before, AgentInvocation after) {
    }

    void saveInvocation(AgentInvocation invocation);

    /** The invocations of these messages that exist. */
    List<AgentInvocation> invocations(java.util.Collection<String> messageIds);

    /**
     * Where the invocations of these messages stand, without their reports: a cheap read for a
     * server watching thousands of them for a change another server recorded.
     */
    List<Progress> progress(java.util.Collection<String> messageIds);

    /** An invocation's state: picked up (it has an execution deadline), and finished. */
    record Progress(String messageId, boolean pickedUp, boolean finished, Instant updatedAt) {
    }

    /**
     * The instances with a message queued (never delivered) among the latest messages: those
     * with {@code seq} above {@code afterSeq}. Returns them with the highest seq seen (or
     * {@code afterSeq}), so a server can tell the agents it holds polls of about messages
     * another server queued.
     */
    Queued queuedSince(long afterSeq, int limit);

    /** The highest message seq so far (0 for none). */
    long latestSeq();

    /** Instances with queued messages, and the highest message seq read. */
    record Queued(java.util.Set<String> instanceIds, long maxSeq) {
    }

    /** Messages not yet acknowledged or finished for one instance are dropped (its node left); returns them. */
    List<AgentMessage> dropPending(String instanceId);

    /**
     * Withdraws a message no agent has taken yet (queued, or delivered without an acknowledgement
     * or a reply): it is never delivered again. False when an agent has it.
     */
    boolean withdraw(String messageId, Instant at);

    /**
     * Forgets what is no longer needed: reply ids received before {@code repliesBefore} (the agent
     * resends a failed reply for two hours at most), and messages and invocations that ended
     * before {@code finishedBefore}. Returns the rows removed.
     */
    int forget(Instant repliesBefore, Instant finishedBefore);
}
