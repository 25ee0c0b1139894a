package io.possync.sandbox.shopify.graphql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.webhook.WebhookSubscription;
import io.possync.sandbox.shopify.webhook.WebhookSubscriptions;
import io.possync.sandbox.shopify.webhook.WebhookTopics;

/**
 * {@code webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: {uri, format})};
 * {@code uri} replaces the older {@code callbackUrl}, which is still read here for older clients.
 */
@Component
public class WebhookSubscriptionCreateMutation implements ShopifyGraphqlResolver {

    private final WebhookSubscriptions subscriptions;

    public WebhookSubscriptionCreateMutation(WebhookSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public String field() {
        return "webhookSubscriptionCreate";
    }

    @Override
    public boolean mutation() {
        return true;
    }

    @Override
    public Object resolve(GraphqlField field) {
        String topicArgument = field.stringArgument("topic");
        String topic = WebhookTopics.parse(topicArgument).orElseThrow(() -> new GraphqlException(
                "Argument 'topic' on Field 'webhookSubscriptionCreate' has an invalid value (" + topicArgument
                        + "). Expected type 'WebhookSubscriptionTopic!'.", "argumentLiteralsIncompatible"));
        Map<String, Object> input = field.objectArgument("webhookSubscription");
        Object uri = input == null ? null : input.getOrDefault("uri", input.get("callbackUrl"));
        if (uri == null || uri.toString().isBlank()) {
            return result(null, List.of(userError("Address can't be blank")));
        }
        return subscriptions.add(topic, uri.toString())
                .map(created -> result(node(created), List.of()))
                .orElseGet(() -> result(null, List.of(userError("Address for this topic has already been taken"))));
    }

    private static Map<String, Object> node(WebhookSubscription subscription) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("__typename", "WebhookSubscription");
        node.put("id", subscription.gid());
        node.put("topic", WebhookTopics.toEnum(subscription.topic()));
        node.put("uri", subscription.address());
        node.put("format", subscription.format());
        node.put("includeFields", List.of());
        node.put("filter", null);
        node.put("createdAt", OrderNodes.utc(subscription.createdAt()));
        node.put("updatedAt", OrderNodes.utc(subscription.createdAt()));
        return node;
    }

    private static Map<String, Object> userError(String message) {
        return Map.of("field", List.of("webhookSubscription", "callbackUrl"), "message", message);
    }

    private static Map<String, Object> result(Map<String, Object> subscription, List<Map<String, Object>> errors) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("webhookSubscription", subscription);
        payload.put("userErrors", errors);
        return payload;
    }
}
