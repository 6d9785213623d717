package dev.licex.protocol.store;

import java.util.Objects;

/**
 * A store's Flyway migrations: the classpath folder they live in, and the version of the newest
 * of them. A store whose schema history already ends at that version opens without Flyway, whose
 * start-up alone cost a {@code licex} command about 0.4 s ({@link SchemaHistory}).
 * {@code MigrationsTest} fails when a migration is added and {@code newest} is not moved on.
 *
 * @param location the classpath folder, e.g. {@code db/server}
 * @param newest   the version of the newest migration in it, as Flyway records it, e.g. {@code 5}
 */
public record Migrations(String location, String newest) {

    public Migrations {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(newest, "newest");
    }
}
