package dev.licex.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "return", description = "Return rights held on this device: from the first step they are "
        + "unusable here; the server restores one unit of stock; then the device deletes them.")
final class ReturnCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    StoreOption store;

    @Option(names = "--rights", paramLabel = "ID", required = true, description = "The rights to return "
            + "(their rightsId, as licex licenses shows).")
    UUID rights;

    @Override
    public Integer call() throws InterruptedException {
        try (Device device = Device.open(store.store, server)) {
            try {
                return new OutcomeReport(spec.commandLine().getOut(), spec.commandLine().getErr(),
                        "licex recover --server " + server.server + " --token <your token>")
                        .report(device.engine.returnRights(rights), false);
            } catch (IllegalStateException e) {
                throw new CliFailure(ExitCodes.USAGE, e.getMessage());
            }
        }
    }
}
