package steward.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import steward.protocol.ApiRequest;
import steward.protocol.ApiResponse;

/**
 * Netty on the NIO transport. The event loop only decodes and encodes HTTP; every request is
 * handled on its own virtual thread, so storage I/O never blocks the loop.
 *
 * <p>Hostile input is answered, in AWS's JSON error form, never dropped while an answer can still
 * be written: a body over {@value #MAX_BODY_BYTES} bytes gets 413
 * ({@code RequestEntityTooLargeException}), a request line over {@value #MAX_REQUEST_LINE_BYTES}
 * bytes 414 ({@code RequestURITooLongException}), a header block over {@value #MAX_HEADER_BYTES}
 * bytes 431 ({@code RequestHeaderFieldsTooLargeException}), anything else the HTTP decoder rejects
 * (a bad request line, header or chunk) 400 ({@code BadRequestException}), a request not received
 * whole in time 408 ({@code RequestTimeoutException}, see {@link SlowClientGuard}), and a
 * connection over the limit 503 ({@code ThrottlingException}, see {@link ConnectionLimiter}). Each
 * of these ends the connection. JSON nesting is capped by the protocol layer.
 */
public final class HttpServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    static final int MAX_REQUEST_LINE_BYTES = 8 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel channel;
    private final ConnectionLimiter limiter;

    /** A server with the {@link HttpLimits#DEFAULTS default limits}. */
    public HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router) throws InterruptedException {
        this(host, port, router, HttpLimits.DEFAULTS);
    }

    public HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router, HttpLimits limits)
            throws InterruptedException {
        this.limiter = new ConnectionLimiter(limits.maxConnections());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client that half-closes after sending its request still gets the answer.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionLimiter.Admission admission = limiter.admit(ch);
                        if (admission == ConnectionLimiter.Admission.REFUSE) {
                            ch.close();
                            return;
                        }
                        SlowClientGuard guard = new SlowClientGuard(limits.idleTimeout());
                        ch.pipeline()
                                .addLast(guard.bytes())
                                .addLast(new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
                                .addLast(guard.messages())
                                .addLast(new BoundedBodyAggregator(MAX_BODY_BYTES))
                                .addLast(new RequestHandler(router, handlers,
                                        admission == ConnectionLimiter.Admission.THROTTLE));
                    }
                });
        this.channel = bootstrap.bind(host, port).sync().channel();
    }

    /** Connections open right now, served or not. */
    int openConnections() {
        return limiter.open();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        handlers.shutdown();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
