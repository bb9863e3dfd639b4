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
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
    private final ExecutorService handlers = new RequestThreads();
    private final Channel channel;
    private final ConnectionLimiter limiter;
    private final Traffic traffic;

    /**
     * The requests of every connection: how many are being handled, whether the server has
     * begun to stop (then each new request is answered 503 and its connection closed), and who
     * is told of each answer.
     */
    static final class Traffic {
        private final RequestObserver observer;
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile boolean draining;

        Traffic(RequestObserver observer) {
            this.observer = observer;
        }

        RequestObserver observer() {
            return observer;
        }

        boolean draining() {
            return draining;
        }

        void started() {
            inFlight.incrementAndGet();
        }

        void ended() {
            inFlight.decrementAndGet();
        }
    }

    /** A server with the {@link HttpLimits#DEFAULTS default limits}. */
    public HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router) throws InterruptedException {
        this(host, port, router, HttpLimits.DEFAULTS);
    }

    public HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router, HttpLimits limits)
            throws InterruptedException {
        this(host, port, router, limits, RequestObserver.NONE, null);
    }

    /**
     * With {@code tls} set, every connection is HTTPS (the handshake must finish within 10 seconds).
     *
     * @throws java.net.BindException when the address is in use or cannot be bound; nothing is left running
     */
    HttpServer(String host, int port, Function<ApiRequest, ApiResponse> router, HttpLimits limits,
               RequestObserver observer, SslContext tls) throws InterruptedException {
        this.limiter = new ConnectionLimiter(limits.maxConnections());
        this.traffic = new Traffic(observer);
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
                        SlowClientGuard guard = new SlowClientGuard(limits.idleTimeout(), observer);
                        if (tls != null) {
                            // First, so the request clock below starts with the request, not the handshake.
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(guard.bytes())
                                .addLast(new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
                                .addLast(guard.messages())
                                .addLast(new BoundedBodyAggregator(MAX_BODY_BYTES, observer))
                                .addLast(new RequestHandler(router, handlers,
                                        admission == ConnectionLimiter.Admission.THROTTLE, traffic));
                    }
                });
        try {
            this.channel = bootstrap.bind(host, port).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            // Netty's threads are not daemons: a server that cannot bind must not keep the JVM alive.
            shutDownThreads();
            throw e;
        }
    }

    /**
     * Begins a graceful stop: closes the listening socket, so new connections are refused, and
     * answers every request not yet begun with 503; requests being handled go on.
     */
    void stopAccepting() {
        traffic.draining = true;
        channel.close().syncUninterruptibly();
    }

    /** Waits until no request is being handled, or the deadline ({@link System#nanoTime}) passes; true if none is. */
    boolean awaitRequests(long deadlineNanos) {
        while (traffic.inFlight.get() > 0 && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return traffic.inFlight.get() <= 0;
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
        // Requests being handled (long polls woken by the shutdown among them) finish and hand their
        // answers to the event loops before those stop.
        handlers.shutdown();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void shutDownThreads() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        handlers.shutdown();
    }
}
