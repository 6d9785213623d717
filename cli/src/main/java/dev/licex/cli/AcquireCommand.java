package dev.licex.cli;

import dev.licex.protocol.client.Outcome;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "acquire", description = "Acquire rights for one offer through all six legs and store them.")
final class AcquireCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    ServerOptions server;
    @Mixin
    StoreOption store;

    @Option(names = "--offer", paramLabel = "O", required = true, description = "The offer to acquire.")
    String offer;

    @Option(names = "--json", description = "Print the stored rights as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        try (Device device = Device.open(store.store, server)) {
            Outcome outcome = device.engine.acquire(offer, null);
            String recover = "licex recover --server " + server.server + " --token <your token>"
                    + (store.store.equals(new StoreOption().store) ? "" : " --store " + store.store);
            return new OutcomeReport(spec.commandLine().getOut(), spec.commandLine().getErr(), recover)
                    .report(outcome, json);
        }
    }
}
