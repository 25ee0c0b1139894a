package io.possync.sandbox.shopify.graphql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pragmatic GraphQL reader for the simulator: operations with variable definitions (and defaults),
 * fields with aliases, arguments, directives and nested selections, and every literal kind. Fragments
 * are not supported: the platform's client does not send them. No schema validation happens here;
 * resolvers check the arguments they need.
 */
public final class GraphqlParser {

    private final String source;
    private final Map<String, Object> variables;
    private int pos;

    private GraphqlParser(String source, Map<String, Object> variables) {
        this.source = source;
        this.variables = new HashMap<>(variables == null ? Map.of() : variables);
    }

    /** Parses the named operation, or the only/first one when {@code operationName} is null. */
    public static GraphqlOperation parse(String query, Map<String, Object> variables, String operationName) {
        if (query == null || query.isBlank()) {
            throw new GraphqlException("No query string was present", "parseError");
        }
        GraphqlParser parser = new GraphqlParser(query, variables);
        GraphqlOperation chosen = null;
        while (parser.more()) {
            GraphqlOperation operation = parser.operation();
            if (chosen == null && (operationName == null || operationName.equals(operation.name()))) {
                chosen = operation;
            }
        }
        if (chosen == null) {
            throw new GraphqlException("No operation named \"" + operationName + "\"", "parseError");
        }
        return chosen;
    }

    private GraphqlOperation operation() {
        if (peek() == '{') {
            return new GraphqlOperation("query", null, selectionSet());
        }
        String type = name();
        if (type.equals("fragment") || type.equals("subscription")) {
            throw error(type + " definitions are not supported by the simulator");
        }
        if (!type.equals("query") && !type.equals("mutation")) {
            throw error("unexpected '" + type + "'");
        }
        String name = Character.isLetter(peek()) || peek() == '_' ? name() : null;
        if (peek() == '(') {
            variableDefinitions();
        }
        directives();
        return new GraphqlOperation(type, name, selectionSet());
    }

    private void variableDefinitions() {
        expect('(');
        while (peek() != ')') {
            expect('$');
            String variable = name();
            expect(':');
            type();
            if (peek() == '=') {
                expect('=');
                Object defaultValue = value(true);
                variables.putIfAbsent(variable, defaultValue);
            }
            directives();
        }
        expect(')');
    }

    private void type() {
        if (peek() == '[') {
            expect('[');
            type();
            expect(']');
        } else {
            name();
        }
        if (peek() == '!') {
            expect('!');
        }
    }

    private List<GraphqlField> selectionSet() {
        expect('{');
        List<GraphqlField> fields = new ArrayList<>();
        while (peek() != '}') {
            if (source.startsWith("...", pos)) {
                throw error("fragments are not supported by the simulator");
            }
            fields.add(field());
        }
        expect('}');
        return List.copyOf(fields);
    }

    private GraphqlField field() {
        String alias = null;
        String name = name();
        if (peek() == ':') {
            expect(':');
            alias = name;
            name = name();
        }
        Map<String, Object> arguments = peek() == '(' ? arguments() : Map.of();
        Map<String, Map<String, Object>> directives = directives();
        List<GraphqlField> selections = peek() == '{' ? selectionSet() : List.of();
        return new GraphqlField(alias, name, arguments, directives, selections);
    }

    private Map<String, Object> arguments() {
        expect('(');
        Map<String, Object> arguments = new LinkedHashMap<>();
        while (peek() != ')') {
            String argument = name();
            expect(':');
            arguments.put(argument, value(false));
        }
        expect(')');
        return arguments;
    }

    private Map<String, Map<String, Object>> directives() {
        Map<String, Map<String, Object>> directives = new LinkedHashMap<>();
        while (peek() == '@') {
            expect('@');
            String directive = name();
            directives.put(directive, peek() == '(' ? arguments() : Map.of());
        }
        return directives;
    }

    private Object value(boolean constant) {
        char c = peek();
        if (c == '$' && !constant) {
            expect('$');
            return variables.get(name());
        }
        if (c == '"') {
            return string();
        }
        if (c == '[') {
            expect('[');
            List<Object> list = new ArrayList<>();
            while (peek() != ']') {
                list.add(value(constant));
            }
            expect(']');
            return list;
        }
        if (c == '{') {
            expect('{');
            Map<String, Object> object = new LinkedHashMap<>();
            while (peek() != '}') {
                String key = name();
                expect(':');
                object.put(key, value(constant));
            }
            expect('}');
            return object;
        }
        if (c == '-' || Character.isDigit(c)) {
            return number();
        }
        String word = name();
        return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> word;
        };
    }

    private Object number() {
        int start = pos;
        while (pos < source.length() && "+-0123456789.eE".indexOf(source.charAt(pos)) >= 0) {
            pos++;
        }
        String text = source.substring(start, pos);
        try {
            return text.contains(".") || text.contains("e") || text.contains("E")
                    ? new BigDecimal(text) : (Object) Long.valueOf(text);
        } catch (NumberFormatException e) {
            throw error("invalid number " + text);
        }
    }

    private String string() {
        if (source.startsWith("\"\"\"", pos)) {
            int end = source.indexOf("\"\"\"", pos + 3);
            if (end < 0) {
                throw error("unterminated block string");
            }
            String block = source.substring(pos + 3, end);
            pos = end + 3;
            return block.strip();
        }
        pos++;
        StringBuilder text = new StringBuilder();
        while (pos < source.length() && source.charAt(pos) != '"') {
            char c = source.charAt(pos++);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            char escaped = source.charAt(pos++);
            switch (escaped) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'u' -> {
                    text.append((char) Integer.parseInt(source.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> text.append(escaped);
            }
        }
        if (pos >= source.length()) {
            throw error("unterminated string");
        }
        pos++;
        return text.toString();
    }

    private String name() {
        skipIgnored();
        int start = pos;
        while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name");
        }
        return source.substring(start, pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        skipIgnored();
        return pos < source.length() ? source.charAt(pos) : '\0';
    }

    private boolean more() {
        return peek() != '\0';
    }

    /** Whitespace, commas and comments carry no meaning in GraphQL. */
    private void skipIgnored() {
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '#') {
                while (pos < source.length() && source.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c) || c == ',' || c == '\uFEFF') {
                pos++;
            } else {
                return;
            }
        }
    }

    private GraphqlException error(String problem) {
        String near = source.substring(pos, Math.min(source.length(), pos + 20));
        return new GraphqlException("Parse error on \"" + near + "\" (" + problem + ") at offset " + pos, "parseError");
    }
}
