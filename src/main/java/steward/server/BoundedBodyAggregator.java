package steward.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Aggregates request bodies up to a cap and answers a larger one with an AWS-style 413 error
 * instead of Netty's bare status; the connection then ends (the rest of the body is read and
 * discarded for a while by {@link SlowClientGuard}'s lingering close, so the client gets to read
 * the answer). Netty's other bare answers, to {@code Expect} headers, get the AWS form too.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {
    private final int maxBytes;
    private final RequestObserver observer;

    BoundedBodyAggregator(int maxBytes, RequestObserver observer) {
        super(maxBytes, false);
        this.maxBytes = maxBytes;
        this.observer = observer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.writeAndFlush(HttpErrors.response(413, HttpErrors.REQUEST_TOO_LARGE, tooLarge(oversized), observer));
    }

    private String tooLarge(HttpMessage oversized) {
        long length = HttpUtil.getContentLength(oversized, -1L);
        return "Request body" + (length >= 0 ? " of " + length + " bytes" : "") + " exceeds the limit of " + maxBytes
                + " bytes.";
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof HttpResponse response) {
            int status = response.status().code();
            if (status == HttpResponseStatus.EXPECTATION_FAILED.code()) {
                ReferenceCountUtil.release(answer);
                return HttpErrors.response(417, HttpErrors.EXPECTATION_FAILED, "Only the expectation 100-continue is supported.",
                        observer);
            }
            if (status == HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code()) {
                ReferenceCountUtil.release(answer);
                return HttpErrors.response(413, HttpErrors.REQUEST_TOO_LARGE, tooLarge(start), observer);
            }
        }
        return answer;
    }
}
