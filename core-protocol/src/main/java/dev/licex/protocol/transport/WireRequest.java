package dev.licex.protocol.transport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP request as the protocol sees it, independent of any HTTP library.
 *
 * @param target  the path with its query string, e.g. {@code /v1/catalog?q=jazz}
 * @param headers header names in lower case
 */
public record WireRequest(String method, String target, Map<String, String> headers, byte[] body) {

    public static final String JSON = "application/json";

    public WireRequest {
        headers = Map.copyOf(lowerCase(headers));
        body = body == null ? new byte[0] : body;
    }

    public static WireRequest get(String target, String token) {
        return new WireRequest("GET", target, auth(token, null), null);
    }

    public static WireRequest postJson(String target, String token, byte[] body) {
        return new WireRequest("POST", target, auth(token, JSON), body);
    }

    private static Map<String, String> auth(String token, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("authorization", "Bearer " + token);
        }
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return headers;
    }

    private static Map<String, String> lowerCase(Map<String, String> headers) {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The path without its query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The raw query string without '?', or empty. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }
}
