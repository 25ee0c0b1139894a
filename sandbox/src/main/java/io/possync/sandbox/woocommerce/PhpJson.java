package io.possync.sandbox.woocommerce;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON as WordPress's {@code wp_json_encode} writes it with PHP's default flags: {@code /} as
 * {@code \/}, every non-ASCII character as a lower-case backslash-u escape of four hex digits (UTF-16 units), no whitespace.
 * Webhook bodies are signed over exactly these bytes, so a receiver that re-serialises fails here
 * as it would against a real store.
 */
final class PhpJson {

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().characterEscapes(new PhpEscapes()).build())
            .build();

    byte[] write(Object value) {
        return mapper.writeValueAsBytes(value);
    }

    private static final class PhpEscapes extends CharacterEscapes {

        private static final SerializedString SLASH = new SerializedString("\\/");
        private final int[] escapes;

        PhpEscapes() {
            escapes = standardAsciiEscapesForJSON();
            escapes['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '/') {
                return SLASH;
            }
            if (ch > 0x7f) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
