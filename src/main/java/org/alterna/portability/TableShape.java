package org.alterna.portability;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A table as the database describes it: columns in their order with their logical types, and the primary key. */
public record TableShape(String name, List<Column> columns, List<String> primaryKey) {

    /** One column. */
    public record Column(String name, ColumnType type, int sqlType, boolean nullable, boolean autoIncrement) {
    }

    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    public Column column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** Reads the shape of {@code table} from the connection's metadata. */
    public static TableShape describe(Connection c, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + quote(table) + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i).toLowerCase(Locale.ROOT);
                columns.add(new Column(name, ColumnType.of(md.getColumnType(i), md.getColumnTypeName(i),
                        table + "." + name), md.getColumnType(i), md.isNullable(i) != ResultSetMetaData.columnNoNulls,
                        md.isAutoIncrement(i)));
            }
        }
        ExportedTables.Canonical canonical = ExportedTables.CANONICAL.get(table);
        if (canonical != null) {
            List<Column> last = new ArrayList<>();
            for (String name : canonical.lastColumns()) {
                columns.stream().filter(col -> col.name().equals(name)).findFirst().ifPresent(last::add);
            }
            columns.removeAll(last);
            columns.addAll(last);
            return new TableShape(table, List.copyOf(columns), canonical.key());
        }
        return new TableShape(table, List.copyOf(columns), primaryKey(c, table));
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        Map<Short, String> key = new TreeMap<>();
        for (String candidate : new String[] {table, table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getPrimaryKeys(null, c.getSchema(), candidate)) {
                while (rs.next()) {
                    key.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (!key.isEmpty()) {
                break;
            }
        }
        return List.copyOf(key.values());
    }

    /** The ORDER BY list that makes an export deterministic: the primary key, or every column. */
    public String orderBy() {
        List<String> cols = primaryKey.isEmpty() ? columnNames() : primaryKey;
        return String.join(", ", cols.stream().map(TableShape::quote).toList());
    }

    /** A lower-case identifier, quoted (some column names, such as {@code position}, are key words). */
    static String quote(String identifier) {
        if (!identifier.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain identifier: " + identifier);
        }
        return '"' + identifier + '"';
    }
}
