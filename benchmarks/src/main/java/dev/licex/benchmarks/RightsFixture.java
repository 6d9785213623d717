package dev.licex.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licex.protocol.json.Json;
import dev.licex.protocol.message.IssuedRights;
import dev.licex.protocol.message.Rights;
import dev.licex.protocol.message.Rules;
import dev.licex.protocol.message.ServerState;
import dev.licex.protocol.signature.SigningKey;
import java.util.UUID;

/** A realistic rights object, signed, as the hot paths see it. */
final class RightsFixture {
    final SigningKey key = SigningKey.generate("k-bench");
    final Rights rights = new Rights(UUID.randomUUID(), UUID.randomUUID(), "alice", UUID.randomUUID(),
            "film-harbour-lights", "c-harbour-lights", new Rules(10, "2026-11-24T10:00:00Z", "2026-12-24T10:00:00Z"),
            "2026-11-24T10:00:00.123Z");
    final JsonNode tree = Json.tree(rights);
    final String signature = key.sign(tree);
    final byte[] answer = Json.write(new IssuedRights(rights.transactionId(), ServerState.ISSUED, tree, signature,
            key.keyId()));
}
