package dev.licex.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.client.ClientTransaction;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.rights.HeldRights;
import dev.licex.protocol.rights.ListingEntry;
import dev.licex.protocol.rights.RightsStatus;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "licenses", description = "List the rights held in the store, newest first, a page at a time, and "
        + "the unfinished transactions.")
final class LicensesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;
    @Mixin
    StoreOption store;

    @Option(names = "--json", description = "Print {\"licenses\":[rights...],\"pending\":[transaction ids...]} "
            + "with every license.")
    boolean json;

    @Option(names = "--page", paramLabel = "N", description = "Which page to print (default: 1, the newest).")
    int page = 1;

    @Option(names = "--page-size", paramLabel = "N", description = "Licenses per page (default: 100).")
    int pageSize = 100;

    @Option(names = "--all", description = "Print every license instead of one page.")
    boolean all;

    @Override
    public Integer call() {
        if (page < 1 || pageSize < 1) {
            throw new ParameterException(spec.commandLine(), "--page and --page-size count from 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Device device = Device.open(store.store)) {
            List<ClientTransaction> pending = device.store.unfinished();
            boolean anyInvalid = json ? printJson(device.store, pending, out) : printPage(device.store, pending, out);
            if (anyInvalid) {
                spec.commandLine().getErr().println("Some rights in this store fail their signature check or "
                        + "belong to another device; they are marked invalid and cannot be used.");
                return ExitCodes.PROTOCOL;
            }
            return ExitCodes.OK;
        }
    }

    /** Prints one page, or all with {@code --all}; says whether any license printed is invalid. */
    private boolean printPage(ClientStore store, List<ClientTransaction> pending, PrintWriter out) {
        int total = store.rightsCount();
        int first = all ? 0 : (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * pageSize);
        List<ListingEntry> shown = store.listing(first, all ? Integer.MAX_VALUE : pageSize);
        out.println(total + " license(s) in " + store.location() + " (device " + store.deviceId() + ")");
        for (ListingEntry entry : shown) {
            out.println("  [" + entry.status().label() + "] " + RightsText.describe(entry.rights()));
        }
        if (shown.size() < total) {
            out.println(shown.isEmpty() ? "No license on page " + page + "." : "Showing " + (first + 1) + "-"
                    + (first + shown.size()) + " of " + total + ", newest first; `--page " + (page + 1)
                    + "` for the next page, `--all` for every license.");
        }
        if (!pending.isEmpty()) {
            out.println(pending.size() + " unfinished transaction(s); `licex recover` finishes them:");
            pending.forEach(tx -> out.println("  " + tx.transactionId() + "  " + tx.state() + "  offer "
                    + tx.offerId() + "  with " + tx.server()
                    + (tx.lastError() == null ? "" : "  last error: " + tx.lastError())));
        }
        return shown.stream().anyMatch(entry -> entry.status() == RightsStatus.SIGNATURE_INVALID);
    }

    /** Prints every license as its signed object; says whether any is invalid. */
    private static boolean printJson(ClientStore store, List<ClientTransaction> pending, PrintWriter out) {
        List<HeldRights> rights = store.rights();
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode licenses = root.putArray("licenses");
        for (HeldRights held : rights) {
            licenses.add(Json.parse(held.body().getBytes(StandardCharsets.UTF_8)));
        }
        ArrayNode ids = root.putArray("pending");
        pending.forEach(tx -> ids.add(tx.transactionId().toString()));
        out.println(Json.writeString(root));
        return store.statuses(rights).contains(RightsStatus.SIGNATURE_INVALID);
    }
}
