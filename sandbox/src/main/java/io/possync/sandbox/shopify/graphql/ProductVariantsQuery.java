package io.possync.sandbox.shopify.graphql;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import io.possync.sandbox.shopify.inventory.ShopifyInventory;
import io.possync.sandbox.shopify.inventory.SimVariant;

/**
 * {@code productVariants(first, after, query)} sorted by id, with the search terms {@code sku:} and
 * {@code barcode:} (quoted or bare; AND-ed). Other terms are ignored, as Shopify ignores them.
 */
@Component
public class ProductVariantsQuery implements ShopifyGraphqlResolver {

    private static final Pattern TERM = Pattern.compile("(\\w+):(\"[^\"]*\"|'[^']*'|\\S+)");

    private final ShopifyInventory inventory;
    private final InventoryNodes nodes;

    public ProductVariantsQuery(ShopifyInventory inventory, InventoryNodes nodes) {
        this.inventory = inventory;
        this.nodes = nodes;
    }

    @Override
    public String field() {
        return "productVariants";
    }

    @Override
    public boolean mutation() {
        return false;
    }

    @Override
    public Object resolve(GraphqlField field) {
        Predicate<SimVariant> search = search(field.stringArgument("query"));
        String sku = skuTerm(field.stringArgument("query"));
        // a SKU search looks in the SKU index rather than at every variant
        List<SimVariant> candidates = sku != null ? inventory.variantsWithSku(sku) : inventory.allVariants();
        List<SimVariant> matching = candidates.stream().filter(search).toList();
        return Connections.page(matching, field, SimVariant::id, nodes::variant);
    }

    private static Predicate<SimVariant> search(String query) {
        Predicate<SimVariant> all = v -> true;
        if (query == null) {
            return all;
        }
        Matcher matcher = TERM.matcher(query);
        while (matcher.find()) {
            String value = unquote(matcher.group(2));
            Predicate<SimVariant> term = switch (matcher.group(1).toLowerCase(Locale.ROOT)) {
                case "sku" -> v -> value.equals(v.sku());
                case "barcode" -> v -> value.equals(v.barcode());
                default -> v -> true;
            };
            all = all.and(term);
        }
        return all;
    }

    private static String skuTerm(String query) {
        if (query == null) {
            return null;
        }
        Matcher matcher = TERM.matcher(query);
        while (matcher.find()) {
            if ("sku".equals(matcher.group(1).toLowerCase(Locale.ROOT))) {
                return unquote(matcher.group(2));
            }
        }
        return null;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && (value.startsWith("\"") || value.startsWith("'"))
                ? value.substring(1, value.length() - 1) : value;
    }
}
