package steward.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;

/**
 * Copies a Netty request into an {@link ApiRequest}, routes it on a virtual thread, writes the
 * answer. A connection's requests are handled one at a time, in order, so that pipelined requests
 * get their answers in the order they were sent; reading from the connection pauses while one is
 * being handled, and while an answer waits for a client that does not read. A request the
 * decoder could not parse is answered 400/414/431 and ends the connection; on a connection over
 * the limit (see {@link ConnectionLimiter}) every request is answered 503.
 */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final Function<ApiRequest, ApiResponse> router;
    private final ExecutorService executor;
    private final boolean throttled;
    private final HttpServer.Traffic traffic;
    /** Requests received and not yet handled; event loop only. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean busy;
    /** A request without keep-alive was received: later ones on this connection are ignored. */
    private boolean refusing;
    /** Its answer was written: the connection is ending. */
    private boolean ended;
    /** The last answer is still waiting for the client to read: handle nothing more until it has. */
    private boolean awaitingWritable;

    /** A request to answer; {@code request} is null when the HTTP layer could not read one. */
    private record Pending(ApiRequest request, Supplier<ApiResponse> answer, boolean keepAlive, long receivedNanos) {
        Pending(Supplier<ApiResponse> answer, boolean keepAlive) {
            this(null, answer, keepAlive, System.nanoTime());
        }
    }

    RequestHandler(Function<ApiRequest, ApiResponse> router, ExecutorService executor) {
        this(router, executor, false, new HttpServer.Traffic(RequestObserver.NONE));
    }

    RequestHandler(Function<ApiRequest, ApiResponse> router, ExecutorService executor, boolean throttled,
                   HttpServer.Traffic traffic) {
        this.router = router;
        this.executor = executor;
        this.throttled = throttled;
        this.traffic = traffic;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (refusing) {
            return;
        }
        enqueue(ctx, prepare(request));
    }

    /** Everything is read from the Netty request here, on the event loop, before it is released. */
    private Pending prepare(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            ApiResponse error = HttpErrors.malformed(request.decoderResult().cause());
            return new Pending(() -> error, false);
        }
        if (throttled) {
            ApiResponse error = HttpErrors.throttled();
            return new Pending(() -> error, false);
        }
        if (traffic.draining()) {
            ApiResponse error = HttpErrors.shuttingDown();
            return new Pending(() -> error, false);
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        ApiRequest apiRequest;
        try {
            apiRequest = copy(request);
        } catch (IllegalArgumentException e) {
            ApiResponse error = HttpErrors.error(400, HttpErrors.BAD_REQUEST, "Malformed request URI" + HttpErrors.detail(e) + ".");
            return new Pending(() -> error, false);
        }
        return new Pending(apiRequest, () -> route(apiRequest), keepAlive, System.nanoTime());
    }

    private ApiResponse route(ApiRequest request) {
        try {
            return router.apply(request);
        } catch (RuntimeException | Error e) {
            // Even an Error gets an answer: a client left without one waits out its timeout and retries.
            LOG.error("unhandled failure", e);
            return AwsJsonDispatcher.error(UUID.randomUUID().toString(), SsmException.internal("An internal error occurred."));
        }
    }

    private void enqueue(ChannelHandlerContext ctx, Pending pending) {
        queue.add(pending);
        refusing |= !pending.keepAlive();
        ctx.channel().config().setAutoRead(false);
        next(ctx);
    }

    /** Starts the oldest waiting request unless one is being handled; event loop only. */
    private void next(ChannelHandlerContext ctx) {
        if (busy || ended) {
            return;
        }
        Pending pending = queue.poll();
        if (pending == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        busy = true;
        traffic.started();
        try {
            executor.execute(() -> {
                ApiResponse response = pending.answer().get();
                observe(pending, response);
                try {
                    ctx.executor().execute(() -> finish(ctx, pending, response));
                } catch (RejectedExecutionException eventLoopStopped) {
                    // The server stopped while this request was handled (a long poll held past the
                    // shutdown's grace): the connection is gone with the event loop.
                    LOG.debug("answer dropped: the event loop has stopped");
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            traffic.ended();
            ctx.close();
        }
    }

    private void observe(Pending pending, ApiResponse response) {
        try {
            traffic.observer().answered(pending.request(), response, System.nanoTime() - pending.receivedNanos());
        } catch (RuntimeException e) {
            LOG.warn("recording a request failed", e);
        }
    }

    private void finish(ChannelHandlerContext ctx, Pending pending, ApiResponse response) {
        busy = false;
        // A response without keep-alive ends the connection (SlowClientGuard closes it once written).
        ctx.writeAndFlush(toNetty(response, pending.keepAlive())).addListener(written -> traffic.ended());
        if (!pending.keepAlive()) {
            ended = true;
            queue.clear();
            return;
        }
        // A client that does not read its answers gets no more of them until it does.
        if (ctx.channel().isWritable()) {
            next(ctx);
        } else {
            awaitingWritable = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (awaitingWritable && ctx.channel().isWritable()) {
            awaitingWritable = false;
            next(ctx);
        }
        super.channelWritabilityChanged(ctx);
    }

    private static ApiRequest copy(FullHttpRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String uri = request.uri();
        int q = uri.indexOf('?');
        return new ApiRequest(request.method().name(), query.rawPath(), q < 0 ? "" : uri.substring(q + 1),
                headers, query.parameters(), ByteBufUtil.getBytes(request.content()));
    }

    static FullHttpResponse toNetty(ApiResponse response, boolean keepAlive) {
        FullHttpResponse netty = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        response.headers().forEach((name, value) -> netty.headers().set(name, value));
        netty.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        netty.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        HttpUtil.setKeepAlive(netty, keepAlive);
        return netty;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException && !refusing && ctx.channel().isActive()) {
            // A request that could not be decoded still gets an answer, after those before it.
            LOG.debug("undecodable request", cause);
            ApiResponse error = HttpErrors.malformed(cause.getCause() != null ? cause.getCause() : cause);
            enqueue(ctx, new Pending(() -> error, false));
            return;
        }
        LOG.debug("connection closed after error", cause);
        ctx.close();
    }
}
