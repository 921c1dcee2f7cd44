package dev.stacksolo.registry.db;

import dev.stacksolo.registry.Secrets;
import java.io.IOException;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The masked copy of a resource's outputs ({@code resources.public_outputs}) that a PostgreSQL
 * reader role reads instead of the outputs, which it may not select: every sensitive value
 * replaced by {@link Secrets#MASK}. Kept only where the dialect says so
 * ({@link Dialect#keepsPublicOutputs()}); SQLite files stay as the TypeScript registry writes them.
 *
 * <p>Stateless and thread-safe; internal.
 */
public final class PublicOutputs {

    /** The column that holds the copy. */
    public static final String COLUMN = "public_outputs";

    private PublicOutputs() {}

    /**
     * The masked copy of {@code outputs}, as stored: the keys marked sensitive (every key of a
     * {@code secret} resource) as {@link Secrets#SENSITIVE}, the others masked by detection.
     */
    public static String of(Map<String, ?> outputs, Set<String> marked, ResourceType type) {
        Set<String> sensitive = new TreeSet<>(marked);
        if (type == ResourceType.SECRET) {
            sensitive.addAll(outputs.keySet()); // as RegistryResource.sensitiveOutputs() says
        }
        return Json.write(Secrets.mask(outputs, sensitive));
    }

    /** The masked copy of a resource's outputs, empty when it has none. */
    public static Optional<String> of(RegistryResource resource) {
        return resource.outputs().map(outputs -> Json.write(Secrets.mask(outputs, resource.sensitiveOutputs())));
    }

    /** The resource type stored as {@code value}; null for one this build does not know (its marks and detection decide). */
    public static ResourceType typeOf(String value) {
        try {
            return ResourceType.fromValue(value);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    /** The keys of a stored {@code sensitive_outputs} value (a JSON array of strings; NULL or unreadable: none). */
    public static Set<String> keys(String stored) {
        if (stored == null) {
            return Set.of();
        }
        try {
            Object keys = Json.readObject("{\"k\":" + stored + "}").get("k");
            Set<String> found = new TreeSet<>();
            if (keys instanceof List<?> list) {
                list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(found::add);
            }
            return found;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /**
     * Writes the masked copy of every resource's outputs, inside the caller's transaction: after
     * rows were written without it (a schema migration, an import of an export, which carries the
     * outputs only).
     */
    public static void refreshAll(Handle handle) throws java.sql.SQLException {
        java.util.List<String[]> rows = handle.query("SELECT id, outputs, type, sensitive_outputs FROM resources",
                row -> new String[] {row.getString(1), row.getString(2), row.getString(3), row.getString(4)});
        java.util.List<Object[]> copies = new java.util.ArrayList<>();
        for (String[] row : rows) {
            copies.add(new Object[] {row[1] == null ? null : ofStored(row[1], row[3], row[2]).orElse(null), row[0]});
        }
        if (!copies.isEmpty()) {
            handle.updateEach("UPDATE resources SET " + COLUMN + " = ? WHERE id = ?", copies);
        }
    }

    /**
     * The masked copy of outputs stored as {@code json} with the marks {@code marks} on a resource
     * of type {@code type}; empty when the outputs are not a JSON object (nothing to show).
     */
    public static Optional<String> ofStored(String json, String marks, String type) {
        try {
            return Optional.of(of(Json.readObject(json), keys(marks), typeOf(type)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
