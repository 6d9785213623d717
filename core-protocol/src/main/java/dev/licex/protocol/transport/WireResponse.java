package dev.licex.protocol.transport;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** An HTTP response as the protocol sees it; header names in lower case. */
public record WireResponse(int status, Map<String, String> headers, byte[] body) {

    public static final String PROBLEM_JSON = "application/problem+json";

    public WireResponse {
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
    }

    public static WireResponse json(int status, byte[] body) {
        return new WireResponse(status, Map.of("content-type", WireRequest.JSON), body);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public WireResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name.toLowerCase(Locale.ROOT), value);
        return new WireResponse(status, more, body);
    }

    public boolean isProblem() {
        String type = header("content-type");
        return type != null && type.startsWith(PROBLEM_JSON);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
