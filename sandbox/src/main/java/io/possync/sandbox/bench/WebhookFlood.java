package io.possync.sandbox.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The gateway scenario's load: Shopify deliveries of one signed body, each with ids of its own, over
 * {@code connections} keep-alive connections, each sending its next delivery as soon as the previous one is
 * answered. Requests are written as ready bytes on one event-loop thread and answers are only parsed,
 * so the load takes little of the CPU it shares with the gateway (a general HTTP client took about a
 * fifth of it).
 */
final class WebhookFlood {

    /** What a run measured; {@code latencies} holds the first {@code sampled} answer times in nanoseconds. */
    record Result(long accepted, long other, long failedConnections, double seconds, long[] latencies, int sampled) {
    }

    private final URI gateway;
    private final String path;

    WebhookFlood(String gatewayUrl, String connectionId) {
        this.gateway = URI.create(gatewayUrl);
        this.path = "/webhooks/shopify/" + connectionId;
    }

    /** Sends deliveries of {@code topic} for {@code duration}, the id of each being {@code idPrefix} and a counter. */
    Result run(String topic, byte[] body, String signature, String idPrefix, int connections, Duration duration)
            throws InterruptedException {
        Run run = new Run(topic, body, signature, idPrefix, System.nanoTime() + duration.toNanos(), connections);
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpResponseDecoder(), run.new Connection());
                        }
                    });
            long start = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                bootstrap.connect(gateway.getHost(), gateway.getPort()).addListener(f -> {
                    if (!f.isSuccess()) {
                        run.connectionEnded(true);
                    }
                });
            }
            if (!run.finished.await(duration.toSeconds() + 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(run.finished.getCount() + " connections still wait for an answer");
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync(); // the counters are final once the loop ends
            return new Result(run.accepted.get(), run.other.get(), run.failedConnections.get(), seconds,
                    run.latencies, (int) Math.min(run.answered.get(), run.latencies.length));
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private final class Run {

        private final byte[] head;
        private final byte[] between;
        private final byte[] tail;
        private final String idPrefix;
        private final long end;
        private final AtomicLong ids = new AtomicLong();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong other = new AtomicLong();
        private final AtomicLong answered = new AtomicLong();
        private final AtomicLong failedConnections = new AtomicLong();
        private final long[] latencies = new long[2_000_000];
        private final CountDownLatch finished;

        Run(String topic, byte[] body, String signature, String idPrefix, long end, int connections) {
            this.idPrefix = idPrefix;
            this.end = end;
            this.finished = new CountDownLatch(connections);
            StringBuilder headers = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + gateway.getHost() + ":"
                    + gateway.getPort() + "\r\nContent-Length: " + body.length + "\r\n");
            // the two ids come last, filled in per delivery
            Map<String, String> fixed = WebhookLoad.shopifyHeaders(topic, signature, "", "");
            fixed.forEach((name, value) -> {
                if (!name.equals(WebhookLoad.WEBHOOK_ID) && !name.equals(WebhookLoad.EVENT_ID)) {
                    headers.append(name).append(": ").append(value).append("\r\n");
                }
            });
            this.head = (headers + WebhookLoad.WEBHOOK_ID + ": ").getBytes(StandardCharsets.US_ASCII);
            this.between = ("\r\n" + WebhookLoad.EVENT_ID + ": ").getBytes(StandardCharsets.US_ASCII);
            byte[] blankLine = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            this.tail = new byte[blankLine.length + body.length];
            System.arraycopy(blankLine, 0, tail, 0, blankLine.length);
            System.arraycopy(body, 0, tail, blankLine.length, body.length);
        }

        void connectionEnded(boolean failed) {
            if (failed) {
                failedConnections.incrementAndGet();
            }
            finished.countDown();
        }

        final class Connection extends SimpleChannelInboundHandler<HttpObject> {

            private long sentAt;
            private int status;
            private boolean ended;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                sendNext(ctx);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
                if (message instanceof HttpResponse response) {
                    status = response.status().code();
                }
                if (message instanceof LastHttpContent) {
                    long i = answered.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[(int) i] = System.nanoTime() - sentAt;
                    }
                    (status / 100 == 2 ? accepted : other).incrementAndGet();
                    sendNext(ctx);
                }
            }

            private void sendNext(ChannelHandlerContext ctx) {
                if (System.nanoTime() >= end) {
                    end(ctx, false);
                    return;
                }
                byte[] id = (idPrefix + ids.incrementAndGet()).getBytes(StandardCharsets.US_ASCII);
                ByteBuf request = ctx.alloc().buffer(head.length + between.length + tail.length + 2 * id.length);
                request.writeBytes(head).writeBytes(id).writeBytes(between).writeBytes(id).writeBytes(tail);
                sentAt = System.nanoTime();
                ctx.writeAndFlush(request);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                end(ctx, true);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                end(ctx, true);
            }

            private void end(ChannelHandlerContext ctx, boolean failed) {
                if (!ended) {
                    ended = true;
                    connectionEnded(failed);
                    ctx.close();
                }
            }
        }
    }
}
