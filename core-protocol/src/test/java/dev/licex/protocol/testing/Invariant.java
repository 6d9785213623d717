package dev.licex.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licex.protocol.audit.ConservationCheck;
import dev.licex.protocol.audit.ConservationReport;
import dev.licex.protocol.audit.DeviceHoldings;
import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.server.ServerRuntime;
import java.util.Arrays;
import java.util.List;

/** Asserts PRODUCT.md's exactly-once invariant between a server and its devices. */
public final class Invariant {
    private Invariant() {
    }

    public static ConservationReport assertHolds(ServerRuntime server, ClientStore... devices) {
        List<DeviceHoldings> holdings = Arrays.stream(devices).map(DeviceHoldings::of).toList();
        ConservationReport report = ConservationCheck.check(server.engine().ledgers(), holdings);
        assertThat(report.problems()).as("conservation problems").isEmpty();
        return report;
    }
}
