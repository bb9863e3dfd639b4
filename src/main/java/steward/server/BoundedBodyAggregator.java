package steward.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import java.util.UUID;
import steward.protocol.AwsJsonDispatcher;

/**
 * Aggregates request bodies up to a cap and answers a larger one with an AWS-style 413 error
 * instead of Netty's bare status, then closes, since the rest of the body is not read.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {
    private final int maxBytes;

    BoundedBodyAggregator(int maxBytes) {
        super(maxBytes, true);
        this.maxBytes = maxBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        long length = HttpUtil.getContentLength(oversized, -1L);
        String message = "Request body" + (length >= 0 ? " of " + length + " bytes" : "")
                + " exceeds the limit of " + maxBytes + " bytes.";
        var response = RequestHandler.toNetty(AwsJsonDispatcher.error(UUID.randomUUID().toString(), 413,
                "RequestEntityTooLargeException", message), false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
