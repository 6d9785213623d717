package dev.licex.protocol.server;

import dev.licex.protocol.message.CatalogItem;
import dev.licex.protocol.message.CatalogPage;
import dev.licex.protocol.message.OfferRules;
import dev.licex.protocol.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The offers of the server and the search over them. */
public final class Catalog {

    private static final String COLUMNS =
            "o.offer_id, o.content_id, o.title, o.kind, o.description, o.plays, o.valid_days, o.not_before, "
                    + "o.not_after, o.default_stock";

    private final Database db;
    private final Clock clock;

    Catalog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds offers and gives every existing account each offer's default stock. */
    public void add(List<Offer> offers) {
        long now = clock.millis();
        db.transaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO offers (offer_id, content_id, title, kind, description, plays, valid_days, "
                            + "not_before, not_after, default_stock, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
                    PreparedStatement stock = c.prepareStatement(
                            "INSERT INTO stock (account_id, offer_id, initial_stock, stock) "
                                    + "SELECT account_id, ?, ?, ? FROM accounts")) {
                for (Offer offer : offers) {
                    insert.setString(1, offer.offerId());
                    insert.setString(2, offer.contentId());
                    insert.setString(3, offer.title());
                    insert.setString(4, offer.kind());
                    insert.setString(5, offer.description());
                    setInt(insert, 6, offer.rules().plays());
                    setInt(insert, 7, offer.rules().validForDays());
                    insert.setString(8, offer.rules().notBefore());
                    insert.setString(9, offer.rules().notAfter());
                    insert.setInt(10, offer.defaultStock());
                    insert.setLong(11, now);
                    insert.addBatch();
                    stock.setString(1, offer.offerId());
                    stock.setInt(2, offer.defaultStock());
                    stock.setInt(3, offer.defaultStock());
                    stock.addBatch();
                }
                insert.executeBatch();
                stock.executeBatch();
            }
            return null;
        });
    }

    public long size() {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM offers");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * One page of the offers whose title, description, kind or id contains {@code query}
     * (ignoring case), ordered by title, with the account's own stock.
     */
    public CatalogPage search(String accountId, String query, int offset, int limit) {
        String pattern = "%" + escapeLike(query == null ? "" : query.toLowerCase(Locale.ROOT)) + "%";
        String where = " WHERE (LOWER(o.title) LIKE ? ESCAPE '\\' OR LOWER(o.description) LIKE ? ESCAPE '\\'"
                + " OR LOWER(o.kind) LIKE ? ESCAPE '\\' OR LOWER(o.offer_id) LIKE ? ESCAPE '\\')";
        return db.transaction(c -> {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM offers o" + where)) {
                bindPattern(ps, 1, pattern);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<CatalogItem> items = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", COALESCE(s.stock, 0) "
                    + "FROM offers o LEFT JOIN stock s ON s.offer_id = o.offer_id AND s.account_id = ?" + where
                    + " ORDER BY o.title, o.offer_id LIMIT ? OFFSET ?")) {
                ps.setString(1, accountId);
                bindPattern(ps, 2, pattern);
                ps.setInt(6, limit);
                ps.setInt(7, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Offer offer = offer(rs);
                        items.add(new CatalogItem(offer.offerId(), offer.contentId(), offer.title(), offer.kind(),
                                offer.description(), offer.rules(), rs.getInt(11)));
                    }
                }
            }
            return new CatalogPage(items, total);
        });
    }

    static Offer find(Connection c, String offerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM offers o WHERE o.offer_id = ?")) {
            ps.setString(1, offerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? offer(rs) : null;
            }
        }
    }

    private static Offer offer(ResultSet rs) throws SQLException {
        OfferRules rules = new OfferRules(getInt(rs, 6), getInt(rs, 7), rs.getString(8), rs.getString(9));
        return new Offer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rules, rs.getInt(10));
    }

    private static void bindPattern(PreparedStatement ps, int first, String pattern) throws SQLException {
        for (int i = 0; i < 4; i++) {
            ps.setString(first + i, pattern);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Integer getInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
