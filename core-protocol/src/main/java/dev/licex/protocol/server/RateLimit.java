package dev.licex.protocol.server;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per account: {@code perSecond} requests on average, bursts up to {@code burst}.
 * One bucket per account per server instance (N instances allow N times as much in all). Buckets
 * of accounts that stay quiet are dropped, so memory is bounded by active accounts.
 */
public final class RateLimit {

    /** No limit: what tests, the embedded simulator and the load generator run with. */
    public static final RateLimit NONE = new RateLimit(0, 0, Clock.systemUTC());

    private static final int SWEEP_AT = 100_000;

    private final double perSecond;
    private final double burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimit(double perSecond, double burst, Clock clock) {
        if (perSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative");
        }
        this.perSecond = perSecond;
        this.burst = Math.max(burst, perSecond);
        this.clock = clock;
    }

    public static RateLimit perSecond(double perSecond) {
        return perSecond == 0 ? NONE : new RateLimit(perSecond, perSecond * 2, Clock.systemUTC());
    }

    public boolean enabled() {
        return perSecond > 0;
    }

    /** Takes one request from the account's bucket; returns 0 if allowed, else whole seconds to wait. */
    public long take(String account) {
        if (!enabled()) {
            return 0;
        }
        long now = clock.millis();
        if (buckets.size() > SWEEP_AT) {
            buckets.values().removeIf(b -> b.full(now));
        }
        return buckets.computeIfAbsent(account, a -> new Bucket(burst, now)).take(now);
    }

    private final class Bucket {
        private double tokens;
        private long refilled;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilled = now;
        }

        synchronized long take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perSecond);
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilled) / 1000.0 * perSecond);
            refilled = now;
        }
    }
}
