package dev.licex.protocol.client;

import dev.licex.protocol.transport.WireResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Capped exponential backoff with full jitter: before attempt n+1 wait a random time between
 * zero and min(cap, base * 2^(n-1)). After {@code maxAttempts} failed attempts of one leg the
 * engine stops and leaves the transaction pending for recovery.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {

    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** For people waiting at a screen: about half a minute of trying before giving up. */
    public static RetryPolicy interactive() {
        return new RetryPolicy(8, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    /** For tests and chaos runs: many quick attempts. */
    public static RetryPolicy fast() {
        return new RetryPolicy(50, Duration.ofMillis(1), Duration.ofMillis(20));
    }

    /** The wait before the attempt after {@code failedAttempts} failures, honouring a server's Retry-After. */
    public Duration delayAfter(int failedAttempts, Duration retryAfter) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(failedAttempts - 1, 30));
        long jittered = ceiling <= 0 ? 0 : ThreadLocalRandom.current().nextLong(ceiling + 1);
        Duration delay = Duration.ofMillis(jittered);
        if (retryAfter != null) {
            Duration bounded = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            return bounded.compareTo(delay) > 0 ? bounded : delay;
        }
        return delay;
    }

    /** The wait a server asked for in a Retry-After header given in seconds, or null. */
    public static Duration retryAfterOf(WireResponse response) {
        String header = response.header("retry-after");
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            return null;
        }
    }
}
