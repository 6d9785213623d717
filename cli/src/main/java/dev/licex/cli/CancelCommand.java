package dev.licex.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "cancel", description = "Cancel an unfinished acquisition: its rights are never used, and the "
        + "server restores its stock. A completed acquisition cannot be cancelled; return its rights instead.")
final class CancelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    StoreOption store;

    @Option(names = "--transaction", paramLabel = "ID", required = true, description = "The transaction to cancel.")
    UUID transaction;

    @Override
    public Integer call() throws InterruptedException {
        try (Device device = Device.open(store.store, server)) {
            try {
                return report().report(device.engine.cancel(transaction), false);
            } catch (IllegalStateException e) {
                throw new CliFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
    }

    private OutcomeReport report() {
        return new OutcomeReport(spec.commandLine().getOut(), spec.commandLine().getErr(), "licex recover --server "
                + server.server + " --token <your token>");
    }
}
