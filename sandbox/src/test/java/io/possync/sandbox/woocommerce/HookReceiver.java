package io.possync.sandbox.woocommerce;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/** A webhook destination for tests: keeps every request (headers, exact bytes) and answers queued statuses, then 200. */
final class HookReceiver implements AutoCloseable {

    record Received(Map<String, String> headers, byte[] body) {

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    HookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(headers, in.readAllBytes()));
            }
            exchange.sendResponseHeaders(nextStatus(), -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    synchronized void answer(int status, int times) {
        for (int i = 0; i < times; i++) {
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
        server.stop(0);
    }
}
