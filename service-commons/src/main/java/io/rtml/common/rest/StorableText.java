package io.rtml.common.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The one rule for text that reaches PostgreSQL: a {@code text} or {@code jsonb} value cannot hold the NUL
 * character (U+0000), and PostgreSQL fails the whole statement on one. A request carrying it, in a path
 * segment, a query parameter or anywhere in a JSON body (a value or a key, at any depth), is refused with a
 * 400 naming where it was, before any service code runs; nothing is stored.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why {@code value} cannot be stored, or null when it can. */
    public static String problem(String where, String value) {
        if (value == null || value.indexOf('\0') < 0) {
            return null;
        }
        return where + " contains a NUL character (U+0000), which cannot be stored";
    }

    /**
     * Whether a JSON document, as bytes, spells a NUL: JSON can only carry one escaped ({@code \u0000}), since
     * a raw control character is not valid JSON. A backslash that is itself escaped ({@code \\u0000}, the six
     * characters of the text) does not count. Scanning bytes keeps the check off the parse of every request.
     */
    public static boolean jsonMayHoldNul(byte[] json) {
        for (int i = 0; i + 5 < json.length; i++) {
            if (json[i] != '\\') {
                continue;
            }
            if (json[i + 1] == '\\') {
                i++; // an escaped backslash: skip both
                continue;
            }
            if (json[i + 1] == 'u' && json[i + 2] == '0' && json[i + 3] == '0' && json[i + 4] == '0'
                    && json[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /** Where in a parsed JSON document the first NUL is, as {@code field.list[2].key}, or null when there is none. */
    public static String locateNul(ObjectMapper mapper, byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            return null; // not JSON at all: the body reader answers that with its own 400
        }
        return locate(root, "");
    }

    private static String locate(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? (path.isEmpty() ? "(the body)" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = locate(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return "the key of " + at.replace("\0", "\\u0000");
                }
                String found = locate(field.getValue(), at);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
