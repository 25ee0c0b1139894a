package io.possync.sandbox.shopify.webhook;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serialises webhook bodies the way Shopify's Rails stack does: {@code /} as {@code \/}, the HTML-sensitive
 * {@code & < >} as {@code \u0026 \u003c \u003e}, and every other non-ASCII character as raw UTF-8. The
 * exact bytes written are the bytes signed and sent, so receivers that re-serialise break their HMAC
 * check here as they would against Shopify.
 */
public final class ShopifyJsonWriter {

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().characterEscapes(new RailsEscapes()).build())
            .build();

    public byte[] write(Object body) {
        return mapper.writeValueAsBytes(body);
    }

    private static final class RailsEscapes extends CharacterEscapes {

        private static final SerializedString SLASH = new SerializedString("\\/");
        private final int[] escapes;

        RailsEscapes() {
            escapes = standardAsciiEscapesForJSON();
            escapes['&'] = ESCAPE_STANDARD;
            escapes['<'] = ESCAPE_STANDARD;
            escapes['>'] = ESCAPE_STANDARD;
            escapes['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '/' ? SLASH : null;
        }
    }
}
