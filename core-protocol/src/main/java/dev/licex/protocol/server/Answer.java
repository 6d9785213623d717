package dev.licex.protocol.server;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.util.Map;

/**
 * What the server answers to one request: status, media type, the exact body bytes, and the
 * transaction's server state after it (null where the answer is not about a transaction).
 */
public record Answer(int status, String contentType, byte[] body, ServerState state) {

    public static Answer json(int status, Object value) {
        return new Answer(status, WireRequest.JSON, Json.write(value), null);
    }

    static Answer json(int status, Object value, ServerState state) {
        return new Answer(status, WireRequest.JSON, Json.write(value), state);
    }

    public static Answer problem(Problem problem) {
        return new Answer(problem.status(), WireResponse.PROBLEM_JSON, Json.write(problem), null);
    }

    /** A stored answer replayed byte for byte; its media type follows from its status. */
    static Answer stored(int status, byte[] body, ServerState state) {
        return new Answer(status, status < 300 ? WireRequest.JSON : WireResponse.PROBLEM_JSON, body, state);
    }

    public WireResponse toWire() {
        return new WireResponse(status, Map.of("content-type", contentType), body);
    }
}
