package io.possync.sandbox.local;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A webhook destination that keeps every delivery (body and headers exactly as the vendor sent them)
 * and answers 200, so a test can deliver them to the gateway later: twice, in another order.
 */
final class WebhookCapture implements AutoCloseable {

    /** One delivery as received; headers by lower-case name. */
    record Delivery(byte[] body, Map<String, String> headers) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final DisposableServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookCapture() {
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.post("/capture", (request, response) -> request.receive().aggregate()
                        .asByteArray().defaultIfEmpty(new byte[0])
                        .doOnNext(body -> {
                            Map<String, String> headers = new LinkedHashMap<>();
                            request.requestHeaders().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                            deliveries.add(new Delivery(body, headers));
                        })
                        .then(response.status(200).send())))
                .bindNow();
    }

    String url() {
        return "http://127.0.0.1:" + server.port() + "/capture";
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
