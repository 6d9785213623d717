package dev.licex.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.client.Outcome;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.ErrorCode;
import dev.licex.protocol.rights.HeldRights;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Tells the user how a transaction ended, and maps it to an exit code. */
final class OutcomeReport {

    private final PrintWriter out;
    private final PrintWriter err;
    private final String recoverCommand;

    OutcomeReport(PrintWriter out, PrintWriter err, String recoverCommand) {
        this.out = out;
        this.err = err;
        this.recoverCommand = recoverCommand;
    }

    int report(Outcome outcome, boolean json) {
        return switch (outcome) {
            case Outcome.Completed completed when completed.rights() == null -> {
                out.println("Transaction " + completed.transactionId() + " completed; its rights have since been "
                        + "returned.");
                yield ExitCodes.OK;
            }
            case Outcome.Completed completed -> {
                if (json) {
                    out.println(Json.writeString(completedJson(completed)));
                } else {
                    out.println("Acquired " + RightsText.describe(completed.rights().listed()));
                    out.println("  transaction " + completed.transactionId() + " completed");
                }
                yield ExitCodes.OK;
            }
            case Outcome.Returned returned -> {
                out.println("Returned rights " + returned.rightsId() + "; the server restored the unit of stock and "
                        + "this device deleted the rights (transaction " + returned.transactionId() + ").");
                yield ExitCodes.OK;
            }
            case Outcome.Cancelled cancelled -> {
                out.println("Cancelled transaction " + cancelled.transactionId()
                        + "; nothing of it is held on the server or on this device.");
                yield ExitCodes.OK;
            }
            case Outcome.Refused refused -> {
                err.println("The server refused: " + refused.problem().detail() + " (" + refused.problem().code()
                        + "). Nothing was issued; transaction " + refused.transactionId() + " is finished.");
                yield ExitCodes.REFUSED;
            }
            case Outcome.Failed failed -> {
                if (failed.problem().errorCode() == ErrorCode.UNAUTHORIZED) {
                    err.println("The server did not accept the token: " + failed.problem().detail()
                            + ". Check --token.");
                    yield ExitCodes.USAGE;
                }
                err.println("The server rejected the request: " + failed.problem().detail() + " ("
                        + failed.problem().code() + "). Nothing was issued.");
                yield ExitCodes.PROTOCOL;
            }
            case Outcome.Conflict conflict -> {
                err.println("Transaction " + conflict.transactionId() + " conflicts with what the server holds: "
                        + conflict.detail() + ". It is kept in the store for inspection.");
                yield ExitCodes.PROTOCOL;
            }
            case Outcome.Pending pending -> {
                err.println("The server could not complete transaction " + pending.transactionId() + " ("
                        + pending.lastError() + ").");
                err.println("The transaction is pending (" + pending.state() + ") and safe in the store; run `"
                        + recoverCommand + "` to finish it.");
                yield ExitCodes.UNREACHABLE;
            }
        };
    }

    private static ObjectNode completedJson(Outcome.Completed completed) {
        HeldRights held = completed.rights();
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("transactionId", completed.transactionId().toString());
        node.put("state", "COMPLETED");
        node.set("rights", Json.parse(held.body().getBytes(StandardCharsets.UTF_8)));
        node.put("signature", held.signature());
        node.put("keyId", held.keyId());
        return node;
    }
}
