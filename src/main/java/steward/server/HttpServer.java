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
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
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
 */
public final class HttpServer implements AutoCloseable {
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final int IDLE_SECONDS = 60;

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Channel channel;

    public HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(IDLE_SECONDS, TimeUnit.SECONDS))
                                .addLast(new HttpServerCodec(8192, MAX_HEADER_BYTES, 64 * 1024))
                                .addLast(new HttpServerKeepAliveHandler())
                                .addLast(new BoundedBodyAggregator(MAX_BODY_BYTES))
                                .addLast(new RequestHandler(router, handlers));
                    }
                });
        this.channel = bootstrap.bind(host, port).sync().channel();
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
