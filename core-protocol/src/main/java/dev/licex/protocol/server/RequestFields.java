package dev.licex.protocol.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.ProblemException;
import dev.licex.protocol.message.Uuids;
import java.util.Iterator;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the fields of a request body with messages that tell the caller exactly what is wrong.
 * Unknown fields are refused: a client that sends them is not speaking this protocol version.
 */
final class RequestFields {

    private final JsonNode body;

    private RequestFields(JsonNode body) {
        this.body = body;
    }

    static RequestFields parse(byte[] bytes, Set<String> allowed) {
        JsonNode node;
        try {
            node = Json.parse(bytes);
        } catch (MalformedJsonException e) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "the body is not valid JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ProblemException(ErrorCode.BAD_REQUEST, "unknown field \"" + truncate(name)
                        + "\"; expected only " + allowed);
            }
        }
        return new RequestFields(node);
    }

    String requiredText(String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"" + name + "\" is missing");
        }
        if (!value.isTextual()) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"" + name + "\" must be a string");
        }
        return value.textValue();
    }

    String optionalText(String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : requiredText(name);
    }

    UUID requiredUuid(String name) {
        UUID id = Uuids.parse(requiredText(name));
        if (id == null) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"" + name
                    + "\" must be a UUID in lowercase canonical form");
        }
        return id;
    }

    UUID requiredTransactionId(String name) {
        UUID id = Uuids.parseTransactionId(requiredText(name));
        if (id == null) {
            throw new ProblemException(ErrorCode.BAD_REQUEST, "field \"" + name
                    + "\" must be a version 4 or 7 UUID in lowercase canonical form");
        }
        return id;
    }

    static String truncate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
