package dev.licex.desktop.common;

import dev.licex.protocol.client.Outcome;

/** How outcomes read in the app. */
public final class Messages {

    private Messages() {
    }

    public static Notice forOutcome(String title, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Completed c -> Notice.success("Acquired " + title, "The rights are stored on this device.");
            case Outcome.Returned r -> Notice.success("Returned " + title,
                    "The server took the rights back and this device deleted them.");
            case Outcome.Cancelled c -> Notice.info("Cancelled " + title,
                    "Nothing of this acquisition is held anywhere.");
            case Outcome.Refused r -> Notice.warning("The server refused " + title,
                    r.problem().detail() + ". Nothing was issued.");
            case Outcome.Failed f -> Notice.error("The server rejected the request for " + title,
                    f.problem().detail() + ".");
            case Outcome.Conflict c -> Notice.error("Conflict on " + title, c.detail()
                    + ". The transaction is kept for inspection under Transactions.");
            case Outcome.Pending p -> Notice.warning("Not finished yet: " + title, "The server did not answer ("
                    + p.lastError() + "). The purchase is safe on this device and will be resumed: now from "
                    + "Transactions, or automatically at the next start.");
        };
    }

    public static String describe(Throwable e) {
        Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException
                ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
