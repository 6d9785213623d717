package dev.licex.simulator.chaos;

import java.io.IOException;

/** The chaos target answered but refused what the run needs: a wrong token, or no admin API. */
public final class TargetRefusedException extends IOException {
    public TargetRefusedException(String message) {
        super(message);
    }
}
