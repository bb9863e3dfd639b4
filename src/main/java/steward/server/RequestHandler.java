package steward.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import steward.errors.SsmException;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;
import steward.protocol.AwsJsonDispatcher;

/** Copies a Netty request into an {@link ApiRequest}, routes it on a virtual thread, writes the answer. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(RequestHandler.class);

    private final Function<ApiRequest, ApiResponse> router;
    private final ExecutorService executor;

    RequestHandler(Function<ApiRequest, ApiResponse> router, ExecutorService executor) {
        this.router = router;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            write(ctx, AwsJsonDispatcher.error(UUID.randomUUID().toString(), 400, "SerializationException",
                    "Malformed HTTP request."), false);
            return;
        }
        ApiRequest apiRequest = copy(request);
        try {
            executor.execute(() -> {
                ApiResponse response;
                try {
                    response = router.apply(apiRequest);
                } catch (RuntimeException | Error e) {
                    // Even an Error gets an answer: a client left without one waits out its timeout and retries.
                    LOG.error("unhandled failure", e);
                    response = AwsJsonDispatcher.error(UUID.randomUUID().toString(), SsmException.internal("An internal error occurred."));
                }
                write(ctx, response, keepAlive);
            });
        } catch (RejectedExecutionException shuttingDown) {
            ctx.close();
        }
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

    private static void write(ChannelHandlerContext ctx, ApiResponse response, boolean keepAlive) {
        var future = ctx.writeAndFlush(toNetty(response, keepAlive));
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
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
        LOG.debug("connection closed after error", cause);
        ctx.close();
    }
}
