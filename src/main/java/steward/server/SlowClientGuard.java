package steward.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's clock, and how it ends. Replaces a plain read-idle timeout, which a slow-loris
 * client defeats by trickling a byte at a time and which also cut off requests that were merely
 * slow to handle:
 * <ul>
 *   <li>a request must arrive whole within the timeout from its first byte, however the bytes
 *       trickle in; one that does not is answered {@code 408 RequestTimeoutException};</li>
 *   <li>a keep-alive connection with nothing in progress is closed, unanswered, once it has been
 *       idle that long;</li>
 *   <li>no timeout runs while a request is being handled: a request that arrived whole is always
 *       answered, however long the handling takes;</li>
 *   <li>a client that does not read its answers (an answer not written out to the socket within
 *       the timeout) is closed; meanwhile {@link RequestHandler} reads no further requests
 *       from it, so unread answers cannot pile up.</li>
 * </ul>
 * Every final response with {@code Connection: close} ends the connection with a lingering close:
 * the output is shut down after the response (the client reads it, then end of stream), and
 * whatever the client still sends (the rest of an oversized body, say) is read and discarded for
 * up to {@link #LINGER} or {@link #MAX_LINGER_BYTES}, so that unread input does not make the
 * kernel reset the connection and destroy the answer before the client has read it. A client
 * that half-closes its side after sending a request still gets the answer.
 *
 * <p>{@link #bytes()} goes first in the pipeline (it sees raw reads: the start of a request);
 * {@link #messages()} right after the HTTP codec (it sees whole requests arrive and responses leave).
 * All state is touched on the channel's event loop only.
 */
final class SlowClientGuard {
    static final Duration LINGER = Duration.ofSeconds(2);
    static final long MAX_LINGER_BYTES = 4L * HttpServer.MAX_BODY_BYTES;

    private final long timeoutNanos;
    private final RequestObserver observer;
    private final long tickNanos;
    private Channel channel;
    private ScheduledFuture<?> tick;
    /** When the first byte of a request not yet received whole arrived; -1 when there is none. */
    private long requestStart = -1;
    private long idleSince;
    private long lastAnswer;
    private long received;
    private long answered;
    private boolean inputClosed;
    private boolean closing;
    private long closingSince;
    private long lingerBytes;
    /** Answers handed to the socket and not yet written out; since when none of them made progress. */
    private int unwritten;
    private long writeProgress;

    SlowClientGuard(Duration timeout, RequestObserver observer) {
        this.observer = observer;
        this.timeoutNanos = timeout.toNanos();
        this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(20), Math.min(TimeUnit.SECONDS.toNanos(1), timeoutNanos / 10));
    }

    ChannelInboundHandlerAdapter bytes() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) throws Exception {
                start(ctx.channel());
                super.channelActive(ctx);
            }

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                if (ctx.channel().isActive()) {
                    start(ctx.channel());
                }
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                stop();
                super.channelInactive(ctx);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (closing) {
                    if (msg instanceof ByteBuf buf) {
                        lingerBytes += buf.readableBytes();
                    }
                    ReferenceCountUtil.release(msg);
                    if (lingerBytes > MAX_LINGER_BYTES) {
                        ctx.close();
                    }
                    return;
                }
                if (requestStart < 0 && msg instanceof ByteBuf buf && buf.isReadable()) {
                    requestStart = System.nanoTime();
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof ChannelInputShutdownEvent) {
                    inputClosed = true;
                    if (closing || answered >= received) {
                        // Nothing is being handled: no answer is owed (a partial request cannot be completed).
                        ctx.close();
                        return;
                    }
                    // A request is being handled: its answer is still written, then the connection closes.
                }
                super.userEventTriggered(ctx, evt);
            }
        };
    }

    ChannelDuplexHandler messages() {
        return new ChannelDuplexHandler() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest && requestStart < 0) {
                    requestStart = System.nanoTime();
                }
                if (msg instanceof LastHttpContent) {
                    received++;
                    requestStart = -1;
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
                    answered++;
                    lastAnswer = System.nanoTime();
                    if (answered >= received && requestStart < 0) {
                        idleSince = lastAnswer;
                    }
                    if (unwritten++ == 0) {
                        writeProgress = lastAnswer;
                    }
                    boolean last = !HttpUtil.isKeepAlive(response) || inputClosed;
                    ChannelPromise p = promise.unvoid();
                    p.addListener((ChannelFutureListener) f -> {
                        unwritten--;
                        writeProgress = System.nanoTime();
                        idleSince = Math.max(idleSince, writeProgress);
                        if (last) {
                            linger(f.channel(), f.isSuccess());
                        }
                    });
                    ctx.write(msg, p);
                    return;
                }
                ctx.write(msg, promise);
            }
        };
    }

    private void start(Channel ch) {
        if (channel != null) {
            return;
        }
        channel = ch;
        idleSince = System.nanoTime();
        tick = ch.eventLoop().scheduleAtFixedRate(this::check, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    private void stop() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    /** After a final response with Connection: close has been written: shut the output, drain, then close. */
    private void linger(Channel ch, boolean written) {
        if (closing) {
            return;
        }
        closing = true;
        closingSince = System.nanoTime();
        if (!written || inputClosed || !(ch instanceof DuplexChannel duplex)) {
            ch.close();
            return;
        }
        // Read (and drop) what the client still sends, even if reading was paused for a request.
        ch.config().setAutoRead(true);
        duplex.shutdownOutput().addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                f.channel().close();
            }
        });
    }

    private void check() {
        if (channel == null || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (closing) {
            if (now - closingSince >= LINGER.toNanos()) {
                channel.close();
            }
            return;
        }
        if (unwritten > 0 && now - writeProgress >= timeoutNanos) {
            // The client does not read its answers: nothing more can be said to it.
            channel.close();
            return;
        }
        boolean handling = answered < received;
        if (handling || unwritten > 0) {
            return;
        }
        if (requestStart >= 0) {
            long since = Math.max(requestStart, lastAnswer);
            if (now - since >= timeoutNanos) {
                // Through the whole pipeline, so that the codec encodes it.
                requestStart = -1;
                channel.writeAndFlush(HttpErrors.response(408, HttpErrors.TIMEOUT,
                        "The request was not received in full within " + describe(timeoutNanos) + ".", observer));
            }
        } else if (now - idleSince >= timeoutNanos) {
            channel.close();
        }
    }

    private static String describe(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
