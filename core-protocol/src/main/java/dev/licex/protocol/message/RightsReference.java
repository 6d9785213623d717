package dev.licex.protocol.message;

import java.util.UUID;

/** The body of leg 5 (completion) and of a return request: names one rights object. */
public record RightsReference(UUID rightsId) {
}
