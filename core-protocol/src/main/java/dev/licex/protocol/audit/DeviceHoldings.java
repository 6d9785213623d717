package dev.licex.protocol.audit;

import dev.licex.protocol.client.ClientStore;
import dev.licex.protocol.rights.HeldRights;
import java.util.List;
import java.util.UUID;

/** What one device holds: its rights by offer, and how many of its transactions are unfinished. */
public record DeviceHoldings(UUID deviceId, List<Held> rights, int pending) {

    /** One rights object on the device. */
    public record Held(UUID rightsId, String accountId, String offerId) {
    }

    public static DeviceHoldings of(ClientStore store) {
        List<Held> held = store.rights().stream()
                .map(HeldRights::rights)
                .map(r -> new Held(r.rightsId(), r.accountId(), r.offerId()))
                .toList();
        return new DeviceHoldings(store.deviceId(), held, store.unfinished().size());
    }
}
