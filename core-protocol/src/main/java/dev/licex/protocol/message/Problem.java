package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document with licex's {@code code} extension. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code) {

    public static Problem of(ErrorCode code, String detail) {
        return new Problem(code.typeUri(), code.title(), code.status(), detail, code.name());
    }

    /** The known code, or null when a peer sent a code licex does not know. */
    public ErrorCode errorCode() {
        if (code == null) {
            return null;
        }
        try {
            return ErrorCode.valueOf(code);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
