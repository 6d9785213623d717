package dev.licex.cli;

import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.client.Outcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "recover", description = "Resume every unfinished transaction in the store with the same "
        + "transaction id; exit 0 only when none is left unfinished.")
final class RecoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    StoreOption store;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Device device = Device.open(store.store, server)) {
            List<Outcome> outcomes = device.engine.recover();
            OutcomeReport report = new OutcomeReport(out, err, "licex recover --server " + server.server
                    + " --token <your token>");
            int worst = ExitCodes.OK;
            for (Outcome outcome : outcomes) {
                int code = report.report(outcome, false);
                if (code == ExitCodes.UNREACHABLE || code == ExitCodes.PROTOCOL && worst != ExitCodes.UNREACHABLE) {
                    worst = code;
                }
            }
            List<ClientTransaction> elsewhere = device.engine.unfinishedElsewhere();
            for (ClientTransaction tx : elsewhere) {
                err.println("Transaction " + tx.transactionId() + " was started with " + tx.server()
                        + "; run `licex recover --server " + tx.server() + " ...` to finish it there.");
            }
            long left = device.store.unfinished().size();
            out.println(outcomes.isEmpty() && elsewhere.isEmpty()
                    ? "Nothing to recover: no unfinished transactions."
                    : "Resumed " + outcomes.size() + " transaction(s); " + left + " left unfinished.");
            if (left > 0 && worst == ExitCodes.OK) {
                worst = ExitCodes.UNREACHABLE;
            }
            return worst;
        }
    }
}
