package io.possync.connector.zettle.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.possync.common.connection.Connection;
import io.possync.common.http.HttpStatusException;
import io.possync.common.http.RetryExecutor;
import io.possync.common.http.TokenBucket;

/**
 * Calls Zettle for one connection while one batch of its commands is handled: every attempt waits for the
 * account's rate limiter, 429/5xx/timeouts are retried with backoff, the access token is cached and
 * renewed, and refusals that retrying cannot fix become a {@link ZettleRejection} with a readable
 * reason. Counts the HTTP attempts for the command results.
 */
public class ZettleSession {

    private final ZettleClient client;
    private final Connection connection;
    private final ZettleHosts hosts;
    private final ZettleTokenCache tokens;
    private final RetryExecutor retry;
    private final TokenBucket limiter;
    private final ZettleErrorBody errors;
    private final AtomicInteger attempts = new AtomicInteger();

    ZettleSession(ZettleClient client, Connection connection, ZettleHosts hosts, ZettleTokenCache tokens,
                  RetryExecutor retry, TokenBucket limiter, ZettleErrorBody errors) {
        this.client = client;
        this.connection = connection;
        this.hosts = hosts;
        this.tokens = tokens;
        this.retry = retry;
        this.limiter = limiter;
        this.errors = errors;
    }

    public Connection connection() {
        return connection;
    }

    /** HTTP attempts made so far, retries and token grants included. */
    public int attempts() {
        return attempts.get();
    }

    public List<ZettleProduct> products() {
        return authorized("GET /organizations/self/products", token -> client.products(hosts, token));
    }

    public List<ZettleInventory> inventories() {
        return authorized("GET /v3/inventories", token -> client.inventories(hosts, token));
    }

    /**
     * Every STORE balance, page by page along Zettle's {@code Link: rel="next"} headers; each page is
     * one rate-limited, retried request.
     */
    public List<ZettleStockRow> stock() {
        List<ZettleStockRow> rows = new ArrayList<>();
        ZettleClient.StockPage page = authorized("GET /v3/stock", token -> client.firstStockPage(hosts, token));
        rows.addAll(page.rows());
        Set<String> seen = new HashSet<>();
        while (page.next() != null) {
            String next = page.next();
            if (!seen.add(next)) {
                throw new IllegalStateException("GET /v3/stock links back to page " + next);
            }
            page = authorized("GET /v3/stock", token -> client.stockPage(hosts, token, next));
            rows.addAll(page.rows());
        }
        return rows;
    }

    public void move(ZettleMovementRequest request) {
        // The identifier is the same on every retry, so a retry after a timeout that did reach Zettle is
        // harmless if Zettle dedupes on it (UNCONFIRMED, see MongoZettleRequests).
        authorized("POST /v3/movements", token -> {
            client.postMovements(hosts, token, request);
            return null;
        });
    }

    /**
     * A 401 means the token expired early or was revoked (Zettle sends WWW-Authenticate
     * error_description="ACCESS_TOKEN_EXPIRED"): drop it, grant a new one and try once more.
     */
    private <T> T authorized(String operation, Function<ZettleToken, T> call) {
        ZettleToken token = token();
        try {
            return attempt(operation, () -> call.apply(token));
        } catch (HttpStatusException e) {
            if (e.status() != 401) {
                throw rejection(e);
            }
            tokens.drop(connection.id(), token);
        }
        ZettleToken fresh = token();
        try {
            return attempt(operation, () -> call.apply(fresh));
        } catch (HttpStatusException e) {
            tokens.drop(connection.id(), fresh);
            throw e.status() == 401
                    ? new ZettleRejection("Zettle refused a fresh access token for connection " + connection.id()
                            + " (" + e.wwwAuthenticate() + "); check that the API key has the READ:PRODUCT and"
                            + " WRITE:PRODUCT scopes", e)
                    : rejection(e);
        }
    }

    private ZettleToken token() {
        ZettleToken cached = tokens.usable(connection.id());
        if (cached != null) {
            return cached;
        }
        try {
            ZettleToken granted = attempt("POST /token", () -> client.requestToken(hosts,
                    connection.credential("clientId"), connection.credential("apiKey")));
            tokens.put(connection.id(), granted);
            return granted;
        } catch (HttpStatusException e) {
            throw new ZettleRejection("Zettle rejected the API key of connection " + connection.id()
                    + ", the merchant must create a new one (" + errors.describe(e.status(), e.body()) + ")", e);
        } catch (IllegalStateException e) {
            throw new ZettleRejection("connection " + connection.id() + " cannot sign in to Zettle: "
                    + e.getMessage(), e);
        }
    }

    private <T> T attempt(String operation, Callable<T> call) {
        return retry.call(operation + " [" + connection.id() + "]", n -> {
            try {
                limiter.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the rate limiter", e);
            }
            attempts.incrementAndGet();
            return call.call();
        });
    }

    private ZettleRejection rejection(HttpStatusException e) {
        return new ZettleRejection(errors.describe(e.status(), e.body()), e);
    }
}
