package dev.licex.protocol.client;

import dev.licex.protocol.json.Json;
import dev.licex.protocol.json.MalformedJsonException;
import dev.licex.protocol.message.CatalogPage;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.message.Ledger;
import dev.licex.protocol.message.OpenTransaction;
import dev.licex.protocol.message.Problem;
import dev.licex.protocol.message.RightsReference;
import dev.licex.protocol.message.RightsRequest;
import dev.licex.protocol.message.TransactionKind;
import dev.licex.protocol.message.TransactionStatus;
import dev.licex.protocol.signature.JwkSet;
import dev.licex.protocol.transport.Transport;
import dev.licex.protocol.transport.WireRequest;
import dev.licex.protocol.transport.WireResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** The protocol's calls, as one account, over a transport. */
public final class ServerConnection implements AutoCloseable {

    private final Transport transport;
    private final String token;
    private final String origin;

    public ServerConnection(Transport transport, String token) {
        this(transport, token, transport.describe());
    }

    /**
     * @param origin the stable name of the server, recorded with every transaction started through
     *               this connection so that recovery resumes it against the same server
     */
    public ServerConnection(Transport transport, String token, String origin) {
        this.transport = transport;
        this.token = token;
        this.origin = origin;
    }

    /** The stable name of the server this connection reaches. */
    public String origin() {
        return origin;
    }

    public WireResponse open(UUID tid, UUID deviceId, TransactionKind kind) throws IOException {
        return post("/v1/transactions", new OpenTransaction(tid, deviceId,
                kind == TransactionKind.ACQUIRE ? null : kind));
    }

    public WireResponse requestRights(UUID tid, String offerId) throws IOException {
        return post("/v1/transactions/" + tid + "/rights", new RightsRequest(offerId));
    }

    public WireResponse complete(UUID tid, UUID rightsId) throws IOException {
        return post("/v1/transactions/" + tid + "/completion", new RightsReference(rightsId));
    }

    public WireResponse cancel(UUID tid) throws IOException {
        return post("/v1/transactions/" + tid + "/cancellation", Map.of());
    }

    public WireResponse returnRights(UUID tid, UUID rightsId) throws IOException {
        return post("/v1/transactions/" + tid + "/return", new RightsReference(rightsId));
    }

    public JwkSet keys() throws IOException {
        return read(transport.exchange(WireRequest.get("/.well-known/licex-keys", null)), JwkSet.class);
    }

    public CatalogPage catalog(String query, int offset, int limit) throws IOException {
        String q = URLEncoder.encode(query == null ? "" : query, StandardCharsets.UTF_8);
        return read(get("/v1/catalog?q=" + q + "&offset=" + offset + "&limit=" + limit), CatalogPage.class);
    }

    public Ledger ledger() throws IOException {
        return read(get("/v1/ledger"), Ledger.class);
    }

    public TransactionStatus status(UUID tid) throws IOException {
        return read(get("/v1/transactions/" + tid), TransactionStatus.class);
    }

    /** Whether the server answers its health check. */
    public boolean healthy() {
        try {
            return transport.exchange(WireRequest.get("/healthz", null)).status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private WireResponse get(String target) throws IOException {
        return transport.exchange(WireRequest.get(target, token));
    }

    private WireResponse post(String target, Object body) throws IOException {
        return transport.exchange(WireRequest.postJson(target, token, Json.write(body)));
    }

    private static <T> T read(WireResponse response, Class<T> type) throws IOException {
        if (response.status() != 200) {
            throw new ServerProblemException(problemOf(response));
        }
        try {
            return Json.read(response.body(), type);
        } catch (MalformedJsonException e) {
            throw new IOException("the server's answer is garbled: " + e.getMessage(), e);
        }
    }

    /** The problem in an error response, or a generic one when the body is not a problem document. */
    public static Problem problemOf(WireResponse response) {
        if (response.isProblem()) {
            try {
                Problem problem = Json.read(response.body(), Problem.class);
                if (problem.code() != null) {
                    return problem;
                }
            } catch (MalformedJsonException garbled) {
                // an unreadable problem body is described by its status below
            }
        }
        ErrorCode code = switch (response.status()) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.TX_CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.UNAVAILABLE;
            default -> ErrorCode.INTERNAL_ERROR;
        };
        return new Problem(code.typeUri(), code.title(), response.status(), "the server answered "
                + response.status(), code.name());
    }

    @Override
    public void close() {
        transport.close();
    }
}
