package dev.licex.protocol.server;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.util.Map;

/** What the server engine answers to one request: status, media type and the exact body bytes. */
public record Answer(int status, String contentType, byte[] body) {

    public static Answer json(int status, Object value) {
        return new Answer(status, WireRequest.JSON, Json.write(value));
    }

    public static Answer problem(Problem problem) {
        return new Answer(problem.status(), WireResponse.PROBLEM_JSON, Json.write(problem));
    }

    /** A stored answer replayed byte for byte; its media type follows from its status. */
    static Answer stored(int status, byte[] body) {
        return new Answer(status, status < 300 ? WireRequest.JSON : WireResponse.PROBLEM_JSON, body);
    }

    public WireResponse toWire() {
        return new WireResponse(status, Map.of("content-type", contentType), body);
    }
}
