package steward.node.agent.messages;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The agents' message queues and their long polls. A GetMessages with nothing to deliver waits
 * (on its own virtual thread; the HTTP layer has no timeout while a request is being handled)
 * until a message is queued for that destination or {@link #longPoll} has passed, then
 * answers. The hold stays under the agent's 20-second client timeout: a longer one makes the
 * agent's SDK time out and resend the poll.
 *
 * <p>A delivered message is hidden for the poll's visibility timeout and delivered again after
 * it unless it was acknowledged, failed, deleted, or completed by a terminal reply. Waiting
 * uses {@link ReentrantLock} conditions rather than monitors, which would pin the virtual
 * thread to its carrier for the whole hold.
 *
 * <p>Several servers share one store, and an agent's poll may be held by a server other than
 * the one that queued its message: every {@link #WATCH_EVERY} while polls are held, one read of
 * the latest messages wakes the polls of agents that have one queued. A message queued here
 * wakes its poll at once. Either way the poll then claims the message with a conditional
 * update, so a message two servers could both see is delivered once.
 */
public final class MessageQueue implements AutoCloseable {
    public static final Duration DEFAULT_LONG_POLL = Duration.ofSeconds(15);
    public static final int DEFAULT_VISIBILITY_SECONDS = 10;
    static final Duration REPLY_MEMORY = Duration.ofHours(3);
    static final Duration MESSAGE_MEMORY = Duration.ofDays(3);
    static final int MAX_MESSAGES_PER_POLL = 10;
    static final java.time.Duration WATCH_EVERY = java.time.Duration.ofMillis(250);
    /** Seqs are taken at insert and committed in any order: re-read this many below the highest seen. */
    private static final long LOOKBACK = 100;
    private static final int WATCH_BATCH = 2000;

    private final MessageStore store;
    private final InstantSource clock;
    private final Duration longPoll;
    private final Map<String, Mailbox> mailboxes = new ConcurrentHashMap<>();
    private final AtomicInteger openPolls = new AtomicInteger();
    private volatile boolean closed;
    private long watchedSeq = -1;
    private final java.util.concurrent.ScheduledExecutorService watcher =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "agent-messages-elsewhere");
                thread.setDaemon(true);
                return thread;
            });

    /** One destination's wake-up signal; {@code version} moves whenever a message is queued. */
    private static final class Mailbox {
        final ReentrantLock lock = new ReentrantLock();
        final Condition queued = lock.newCondition();
        long version;
        int waiters;
    }

    public MessageQueue(MessageStore store, InstantSource clock, Duration longPoll) {
        this.store = store;
        this.clock = clock;
        this.longPoll = longPoll;
        long every = WATCH_EVERY.toMillis();
        watcher.scheduleWithFixedDelay(this::watch, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Wakes the polls held here of agents another server queued a message for. */
    private void watch() {
        try {
            if (watchedSeq < 0) {
                watchedSeq = store.latestSeq();
                return;
            }
            if (openPolls.get() == 0 || mailboxes.isEmpty()) {
                watchedSeq = Math.max(watchedSeq, store.latestSeq() - LOOKBACK);
                return;
            }
            // One batch a tick: a burst larger than that is caught up over the next ticks.
            MessageStore.Queued queued = store.queuedSince(Math.max(0, watchedSeq - LOOKBACK), WATCH_BATCH);
            for (String instanceId : queued.instanceIds()) {
                wake(instanceId);
            }
            watchedSeq = Math.max(watchedSeq, queued.maxSeq());
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(MessageQueue.class).debug("watching for queued messages failed", e);
        }
    }

    public void enqueue(AgentMessage message, AgentInvocation invocation) {
        store.enqueue(message, invocation);
        wake(message.instanceId());
    }

    /** Messages due for {@code instanceId}, waiting up to the long-poll time for one to be queued. */
    public List<AgentMessage> poll(String instanceId, Integer visibilitySeconds) throws InterruptedException {
        int visibility = visibilitySeconds == null || visibilitySeconds <= 0 ? DEFAULT_VISIBILITY_SECONDS : visibilitySeconds;
        long deadline = System.nanoTime() + longPoll.toNanos();
        Mailbox mailbox;
        while (true) {
            mailbox = mailboxes.computeIfAbsent(instanceId, id -> new Mailbox());
            mailbox.lock.lock();
            if (mailboxes.get(instanceId) == mailbox) {
                break;
            }
            // Its last waiter removed it meanwhile: wake-ups go to a new one now.
            mailbox.lock.unlock();
        }
        openPolls.incrementAndGet();
        mailbox.waiters++;
        try {
            while (true) {
                long seen = mailbox.version;
                mailbox.lock.unlock();
                List<AgentMessage> due;
                try {
                    Instant now = clock.instant();
                    due = store.deliver(instanceId, now, now.plusSeconds(visibility), MAX_MESSAGES_PER_POLL);
                } finally {
                    mailbox.lock.lock();
                }
                if (!due.isEmpty() || closed) {
                    return due;
                }
                while (mailbox.version == seen && !closed) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return List.of();
                    }
                    mailbox.queued.awaitNanos(left);
                }
            }
        } finally {
            mailbox.waiters--;
            if (mailbox.waiters == 0) {
                mailboxes.remove(instanceId, mailbox);
            }
            mailbox.lock.unlock();
            openPolls.decrementAndGet();
        }
    }

    /**
     * Forgets reply ids after {@link #REPLY_MEMORY} and ended messages after {@link #MESSAGE_MEMORY}
     * (the agent resumes a command after its own restart only within 48 hours of its creation).
     */
    public int forgetOld() {
        Instant now = clock.instant();
        return store.forget(now.minus(REPLY_MEMORY), now.minus(MESSAGE_MEMORY));
    }

    /** GetMessages calls being held open right now. */
    public int openPolls() {
        return openPolls.get();
    }

    private void wake(String instanceId) {
        Mailbox mailbox = mailboxes.get(instanceId);
        if (mailbox == null) {
            return;
        }
        mailbox.lock.lock();
        try {
            mailbox.version++;
            // One message, one poll to answer it: waking every poll of the destination would send
            // them all to the store at once for one message.
            mailbox.queued.signal();
        } finally {
            mailbox.lock.unlock();
        }
    }

    /** Answers every open poll at once (empty), so a shutdown does not wait out their holds. */
    @Override
    public void close() {
        closed = true;
        watcher.shutdownNow();
        for (Mailbox mailbox : List.copyOf(mailboxes.values())) {
            mailbox.lock.lock();
            try {
                mailbox.version++;
                mailbox.queued.signalAll();
            } finally {
                mailbox.lock.unlock();
            }
        }
    }

}
