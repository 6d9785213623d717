package dev.licex.protocol.message;

/** Thrown inside the server to answer a request with a problem response. */
public final class ProblemException extends RuntimeException {
    private final transient Problem problem;

    public ProblemException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.problem = Problem.of(code, detail);
    }

    public Problem problem() {
        return problem;
    }

    public ErrorCode code() {
        return problem.errorCode();
    }
}
