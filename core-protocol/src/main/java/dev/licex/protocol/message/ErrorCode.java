package dev.licex.protocol.message;

/** The machine-readable {@code code} of a problem response (CONTRACT.md section 3). */
public enum ErrorCode {
    BAD_REQUEST(400, "Bad request"),
    UNAUTHORIZED(401, "Unauthorized"),
    NOT_FOUND(404, "Not found"),
    TX_UNKNOWN(404, "Unknown transaction"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    TX_CONFLICT(409, "Transaction conflict"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    OUT_OF_STOCK(422, "Out of stock"),
    UNKNOWN_OFFER(422, "Unknown offer"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal server error"),
    UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String typeUri() {
        return "https://licex.dev/problems/" + name().toLowerCase().replace('_', '-');
    }

    /** A business refusal: the transaction becomes REJECTED and is finished as failed. */
    public boolean isRefusal() {
        return status == 422;
    }

    /** Overload or maintenance: retry later with the same transaction id. */
    public boolean isTransient() {
        return this == RATE_LIMITED || this == UNAVAILABLE || this == INTERNAL_ERROR;
    }
}
