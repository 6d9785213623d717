package dev.licex.protocol.message;

/** Thrown inside the server to answer a request with a problem response. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final long retryAfterSeconds;

    public ProblemException(ErrorCode code, String detail) {
        this(code, detail, -1);
    }

    /** A problem the client should retry after this many seconds (429, 503). */
    public ProblemException(ErrorCode code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.problem = Problem.of(code, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds for a {@code Retry-After} header, or -1 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public ErrorCode code() {
        return problem.errorCode();
    }
}
