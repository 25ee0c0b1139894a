package io.possync.common.connection;

import java.time.Instant;
import java.util.Map;

import io.possync.schemas.avro.SystemKind;

/**
 * One external account of a tenant (a Shopify shop, a Zettle organization), with its secrets in
 * clear text. Instances live only in memory; {@link MongoConnectionStore} encrypts them at rest.
 * {@link #toString()} never prints a secret.
 *
 * @param previousWebhookSecret     the secret before the last rotation, accepted until
 *                                  {@code previousSecretValidUntil} (deliveries signed with the old
 *                                  secret keep arriving for a while after a rotation)
 */
public record Connection(String id, String tenantId, SystemKind system, String baseUrl,
                         Map<String, String> credentials, String webhookSecret,
                         String previousWebhookSecret, Instant previousSecretValidUntil) {

    public Connection {
        credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
    }

    /** The secrets a webhook signature may be made with at {@code now}: current first, then the previous one in its grace period. */
    public java.util.List<String> webhookSecretsAt(Instant now) {
        java.util.List<String> secrets = new java.util.ArrayList<>(2);
        if (webhookSecret != null) {
            secrets.add(webhookSecret);
        }
        if (previousWebhookSecret != null && previousSecretValidUntil != null && now.isBefore(previousSecretValidUntil)) {
            secrets.add(previousWebhookSecret);
        }
        return secrets;
    }

    public String credential(String name) {
        String value = credentials.get(name);
        if (value == null) {
            throw new IllegalStateException("connection " + id + " has no credential '" + name + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", tenantId=" + tenantId + ", system=" + system + ", baseUrl=" + baseUrl
                + ", credentials=" + credentials.keySet() + "]";
    }
}
