package io.possync.sandbox.zettle;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/** A webhook destination for tests: records every request and answers with queued statuses (then 200). */
final class WebhookReceiver implements AutoCloseable {

    record Received(String signature, String body) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-iZettle-Signature"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(nextStatus(), -1);
            exchange.close();
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Requests received from now on wait for their answer until {@link #answerHeld()}, any number at a time. */
    void holdAnswers() {
        gate = new CountDownLatch(1);
    }

    void answerHeld() {
        gate.countDown();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/zettle";
    }

    synchronized void answer(int... next) {
        for (int status : next) {
            statuses.add(status);
        }
    }

    private synchronized int nextStatus() {
        Integer status = statuses.poll();
        return status == null ? 200 : status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
