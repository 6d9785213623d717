package dev.licex.protocol.fault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.event.Leg;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.Uuids;
import dev.licex.protocol.transport.WireRequest;
import java.util.UUID;

/** Tells which handshake leg a request is, and for which transaction, for faults and events. */
public final class RequestLeg {

    private static final String TX = "/v1/transactions";

    private RequestLeg() {
    }

    /** The request leg, or null for requests outside the handshake (catalog, ledger, ...). */
    public static Leg of(WireRequest request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            return null;
        }
        String path = request.path();
        if (path.equals(TX)) {
            return Leg.OPEN;
        }
        if (!path.startsWith(TX + "/")) {
            return null;
        }
        if (path.endsWith("/rights") || path.endsWith("/return")) {
            return Leg.REQUEST;
        }
        if (path.endsWith("/completion")) {
            return Leg.COMPLETE;
        }
        if (path.endsWith("/cancellation")) {
            return Leg.CANCEL;
        }
        return null;
    }

    /** The transaction id the request names, in its path or (leg 1) its body; null if none is readable. */
    public static UUID transactionId(WireRequest request) {
        String path = request.path();
        if (path.startsWith(TX + "/")) {
            String rest = path.substring(TX.length() + 1);
            int slash = rest.indexOf('/');
            return Uuids.parse(slash < 0 ? rest : rest.substring(0, slash));
        }
        if (path.equals(TX)) {
            try {
                JsonNode id = Json.parse(request.body()).get("transactionId");
                return id == null ? null : Uuids.parse(id.asText());
            } catch (MalformedJsonException e) {
                return null;
            }
        }
        return null;
    }
}
