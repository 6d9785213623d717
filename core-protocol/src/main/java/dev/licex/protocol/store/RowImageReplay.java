package dev.licex.protocol.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies row images to an H2 store by primary key: a written row is merged (inserted, or its
 * columns set), a deleted one deleted. Every table must have a primary key; each table's columns
 * and key are read from the store's own schema once.
 */
final class RowImageReplay {

    private final Connection connection;
    private final Map<String, TableShape> shapes = new HashMap<>();

    private record TableShape(String merge, String delete, int[] keyColumns, int columns) {
    }

    RowImageReplay(Connection connection) {
        this.connection = connection;
    }

    void apply(List<RowImages.Image> images) throws SQLException {
        for (RowImages.Image image : images) {
            TableShape shape = shapeOf(image.table());
            if (image.values().length != shape.columns()) {
                throw new SQLException("the journal holds a row of " + image.table() + " with "
                        + image.values().length + " columns, the table has " + shape.columns());
            }
            if (image.deleted()) {
                try (PreparedStatement ps = connection.prepareStatement(shape.delete())) {
                    for (int k = 0; k < shape.keyColumns().length; k++) {
                        ps.setObject(k + 1, image.values()[shape.keyColumns()[k]]);
                    }
                    ps.executeUpdate();
                }
            } else {
                try (PreparedStatement ps = connection.prepareStatement(shape.merge())) {
                    for (int c = 0; c < image.values().length; c++) {
                        ps.setObject(c + 1, image.values()[c]);
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    private TableShape shapeOf(String table) throws SQLException {
        TableShape known = shapes.get(table);
        if (known != null) {
            return known;
        }
        List<String> columns = names(table, "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS "
                + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION");
        List<String> key = names(table, "SELECT k.COLUMN_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS c "
                + "JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = c.CONSTRAINT_SCHEMA "
                + "AND k.CONSTRAINT_NAME = c.CONSTRAINT_NAME "
                + "WHERE c.TABLE_SCHEMA = 'PUBLIC' AND c.TABLE_NAME = ? AND c.CONSTRAINT_TYPE = 'PRIMARY KEY' "
                + "ORDER BY k.ORDINAL_POSITION");
        if (columns.isEmpty() || key.isEmpty()) {
            throw new SQLException("the journal holds rows of " + table + ", which is not a table with a primary"
                    + " key in this store");
        }
        int[] keyColumns = key.stream().mapToInt(columns::indexOf).toArray();
        String quotedTable = quoted(table);
        String merge = "MERGE INTO " + quotedTable + " (" + String.join(", ", columns.stream().map(RowImageReplay::quoted)
                .toList()) + ") KEY (" + String.join(", ", key.stream().map(RowImageReplay::quoted).toList())
                + ") VALUES (" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        String delete = "DELETE FROM " + quotedTable + " WHERE " + String.join(" AND ",
                key.stream().map(k -> quoted(k) + " = ?").toList());
        TableShape shape = new TableShape(merge, delete, keyColumns, columns.size());
        shapes.put(table, shape);
        return shape;
    }

    private List<String> names(String table, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        }
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
