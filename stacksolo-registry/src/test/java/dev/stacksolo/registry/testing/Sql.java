package dev.stacksolo.registry.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC on a test registry, beside the library: to inspect rows or make the database misbehave. */
public final class Sql {

    private Sql() {}

    /** The JDBC URL of a registry location (a file path or a JDBC URL). */
    public static String jdbcUrl(String location) {
        return location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
    }

    /** Runs statements, each on its own. */
    public static void execute(String location, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(location));
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rows of a query, each as column name to value. */
    public static List<Map<String, Object>> rows(String location, String query) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(location));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(query)) {
            List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the database refuse to insert a resource of this name, with a trigger: a failure in the
     * middle of a transaction that the library cannot foresee.
     */
    public static void refuseResourceNamed(String location, Backend backend, String name) {
        if (backend == Backend.SQLITE) {
            execute(location, "CREATE TRIGGER refuse_" + name.replace('-', '_') + " BEFORE INSERT ON resources"
                    + " WHEN NEW.name = '" + name + "' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END");
        } else {
            execute(location,
                    "CREATE FUNCTION refuse_resource() RETURNS trigger AS $$ BEGIN IF NEW.name = '" + name
                            + "' THEN RAISE EXCEPTION 'refused by test trigger'; END IF; RETURN NEW; END $$"
                            + " LANGUAGE plpgsql",
                    "CREATE TRIGGER refuse_resource BEFORE INSERT ON resources FOR EACH ROW"
                            + " EXECUTE FUNCTION refuse_resource()");
        }
    }
}
