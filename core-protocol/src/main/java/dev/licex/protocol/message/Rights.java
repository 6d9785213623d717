package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/** The rights information: what one device may do with one content item. Signed by the server. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Rights(
        UUID rightsId,
        UUID transactionId,
        String accountId,
        UUID deviceId,
        String offerId,
        String contentId,
        Rules rules,
        String issuedAt) {
}
