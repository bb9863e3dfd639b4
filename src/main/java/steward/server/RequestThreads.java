package steward.server;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A virtual thread per request, counted rather than tracked. Why not
 * {@code Executors.newVirtualThreadPerTaskExecutor()}: it keeps every live thread in one
 * concurrent set, and with 10,000 agents' long polls open, adding and removing a thread there
 * was about 5% of the server's CPU in a command to all of them (JFR, FleetBenchmark). Shutdown
 * needs only the count: {@link #awaitTermination} waits for the requests under way to finish.
 * {@link #shutdownNow} does not interrupt them (no request is cut off; the long polls are woken
 * by their queue's own close).
 */
final class RequestThreads extends AbstractExecutorService {
    private final ThreadFactory threads = Thread.ofVirtual().name("steward-request").factory();
    private final AtomicInteger running = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        running.incrementAndGet();
        if (shutdown) {
            finished();
            throw new RejectedExecutionException("the server is stopping");
        }
        Thread thread = threads.newThread(() -> {
            try {
                task.run();
            } finally {
                finished();
            }
        });
        try {
            thread.start();
        } catch (RuntimeException | Error e) {
            finished();
            throw e;
        }
    }

    private void finished() {
        if (running.decrementAndGet() == 0 && shutdown) {
            wakeWaiters();
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (running.get() == 0) {
            wakeWaiters();
        }
    }

    private void wakeWaiters() {
        lock.lock();
        try {
            idle.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!isTerminated()) {
                if (left <= 0) {
                    return false;
                }
                left = idle.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
