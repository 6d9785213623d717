package dev.licex.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.RightsStatus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "licenses", description = "List the rights held in the store and the unfinished transactions.")
final class LicensesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print {\"licenses\":[rights...],\"pending\":[transaction ids...]}.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Device device = Device.open(store.store)) {
            List<HeldRights> rights = device.store.rights();
            List<RightsStatus> statuses = device.store.statuses(rights);
            List<ClientTransaction> pending = device.store.unfinished();
            boolean anyInvalid = statuses.contains(RightsStatus.SIGNATURE_INVALID);
            if (json) {
                ObjectNode root = Json.mapper().createObjectNode();
                ArrayNode licenses = root.putArray("licenses");
                for (HeldRights held : rights) {
                    licenses.add(Json.parse(held.body().getBytes(StandardCharsets.UTF_8)));
                }
                ArrayNode ids = root.putArray("pending");
                pending.forEach(tx -> ids.add(tx.transactionId().toString()));
                out.println(Json.writeString(root));
            } else {
                out.println(rights.size() + " license(s) in " + device.store.location() + " (device "
                        + device.store.deviceId() + ")");
                for (int i = 0; i < rights.size(); i++) {
                    out.println("  [" + statuses.get(i).label() + "] " + RightsText.describe(rights.get(i)));
                }
                if (!pending.isEmpty()) {
                    out.println(pending.size() + " unfinished transaction(s); `licex recover` finishes them:");
                    pending.forEach(tx -> out.println("  " + tx.transactionId() + "  " + tx.state() + "  offer "
                            + tx.offerId() + "  with " + tx.server()
                            + (tx.lastError() == null ? "" : "  last error: " + tx.lastError())));
                }
            }
            if (anyInvalid) {
                spec.commandLine().getErr().println("Some rights in this store fail their signature check or "
                        + "belong to another device; they are marked invalid and cannot be used.");
                return ExitCodes.PROTOCOL;
            }
            return ExitCodes.OK;
        }
    }
}
