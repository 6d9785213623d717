package dev.licex.simulator;

import dev.licex.protocol.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a rights server.
 *
 * @param host              the address to bind; loopback unless the operator chooses otherwise
 * @param port              the port, 0 for any free port
 * @param database          where the server's store lives
 * @param simulator         whether {@code /admin} (faults, events, restart) is enabled
 * @param adminToken        the bearer token of {@code /admin}; required when {@code simulator}
 * @param adminFromAnywhere whether {@code /admin} answers on non-loopback interfaces too
 * @param seedDemo          whether to create the demo accounts and catalog (once, on an empty store)
 * @param demoStock         each demo account's stock of each demo offer
 * @param faultsFile        a JSON array of fault rules to start with, or null
 * @param retention         how long finished transactions keep their stored answers (then a tombstone)
 * @param rateLimit         requests per second allowed per account (bursts of twice that); 0 for none
 * @param tls               the server's certificate for HTTPS, or null for plain HTTP
 * @param idleTimeout       how long a connection may stay silent (mid-request too) before the server closes it
 */
public record SimulatorConfig(String host, int port, DatabaseConfig database, boolean simulator, String adminToken,
        boolean adminFromAnywhere, boolean seedDemo, int demoStock, Path faultsFile, Duration retention,
        double rateLimit, TlsSettings tls, Duration idleTimeout) {

    public static final String LOOPBACK = "127.0.0.1";
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public SimulatorConfig(String host, int port, DatabaseConfig database, boolean simulator, String adminToken,
            boolean adminFromAnywhere, boolean seedDemo, int demoStock, Path faultsFile) {
        this(host, port, database, simulator, adminToken, adminFromAnywhere, seedDemo, demoStock, faultsFile,
                DEFAULT_RETENTION, 0, null, DEFAULT_IDLE_TIMEOUT);
    }

    public SimulatorConfig {
        if (simulator && (adminToken == null || adminToken.isBlank())) {
            throw new IllegalArgumentException("a simulator needs an admin token");
        }
        if (demoStock < 0) {
            throw new IllegalArgumentException("--demo-stock cannot be negative");
        }
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the retention period cannot be negative");
        }
        if (rateLimit < 0) {
            throw new IllegalArgumentException("--rate-limit cannot be negative");
        }
        if (idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
    }

    /** An embedded simulator on a free loopback port with the demo catalog: what the desktop app and tests start. */
    public static SimulatorConfig embedded(DatabaseConfig database, String adminToken, int demoStock) {
        return new SimulatorConfig(LOOPBACK, 0, database, true, adminToken, false, true, demoStock, null);
    }

    public SimulatorConfig withRetention(Duration period) {
        return new SimulatorConfig(host, port, database, simulator, adminToken, adminFromAnywhere, seedDemo, demoStock,
                faultsFile, period, rateLimit, tls, idleTimeout);
    }

    public SimulatorConfig withRateLimit(double perSecond) {
        return new SimulatorConfig(host, port, database, simulator, adminToken, adminFromAnywhere, seedDemo, demoStock,
                faultsFile, retention, perSecond, tls, idleTimeout);
    }

    public SimulatorConfig withTls(TlsSettings settings) {
        return new SimulatorConfig(host, port, database, simulator, adminToken, adminFromAnywhere, seedDemo, demoStock,
                faultsFile, retention, rateLimit, settings, idleTimeout);
    }

    public SimulatorConfig withIdleTimeout(Duration timeout) {
        return new SimulatorConfig(host, port, database, simulator, adminToken, adminFromAnywhere, seedDemo, demoStock,
                faultsFile, retention, rateLimit, tls, timeout);
    }
}
