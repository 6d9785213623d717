package dev.licex.protocol.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;

/**
 * The usage rules an offer grants, from which each issuance derives its {@link Rules}: a play
 * count, a validity period counted from issuance, a fixed window, or none of these (unlimited).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfferRules(Integer plays, Integer validForDays, String notBefore, String notAfter) {

    public static OfferRules unlimited() {
        return new OfferRules(null, null, null, null);
    }

    public static OfferRules plays(int plays) {
        return new OfferRules(plays, null, null, null);
    }

    public static OfferRules days(int days) {
        return new OfferRules(null, days, null, null);
    }

    public Rules issueAt(Instant issuedAt) {
        String start = notBefore;
        String end = notAfter;
        if (validForDays != null) {
            start = issuedAt.toString();
            end = issuedAt.plus(Duration.ofDays(validForDays)).toString();
        }
        return new Rules(plays, start, end);
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        if (plays != null) {
            s.append(plays).append(plays == 1 ? " play" : " plays");
        }
        if (validForDays != null) {
            s.append(s.isEmpty() ? "" : ", ").append(validForDays).append(validForDays == 1 ? " day" : " days");
        }
        if (notAfter != null) {
            s.append(s.isEmpty() ? "" : ", ").append("until ").append(notAfter, 0, Math.min(10, notAfter.length()));
        }
        return s.isEmpty() ? "unlimited" : s.toString();
    }
}
