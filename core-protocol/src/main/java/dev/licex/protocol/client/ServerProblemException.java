package dev.licex.protocol.client;

import dev.licex.protocol.message.Problem;

/** The server answered a non-handshake call (catalog, ledger, ...) with a problem. */
public final class ServerProblemException extends RuntimeException {
    private final transient Problem problem;

    public ServerProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
