package dev.stacksolo.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Masks output values that carry secrets before they are shown: values of keys named
 * {@code password}, {@code authString}, {@code token}, {@code key} or {@code secret…} (and keys
 * ending in Password, Token or Key), and the password inside any URL-style connection string.
 * Every view of the registry masks with it ({@code list}, {@code status}, {@code refs}), and the
 * event log masks what it records with it, so secrets never reach the log.
 *
 * <p>Stateless and thread-safe.
 */
public final class Secrets {

    /** What a secret value is replaced with. */
    public static final String MASK = "****";
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@/\\s]+@");

    private Secrets() {}

    /** Whether values under {@code key} are secret as a whole. */
    public static boolean isSecretKey(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("password") || lower.equals("authstring") || lower.equals("token")
                || lower.equals("key") || lower.startsWith("secret") || lower.endsWith("password")
                || lower.endsWith("token") || lower.endsWith("key");
    }

    /** A copy of {@code outputs} with secret values masked (nested maps and lists included). */
    public static Map<String, Object> mask(Map<String, ?> outputs) {
        Map<String, Object> masked = new LinkedHashMap<>();
        outputs.forEach((key, value) -> masked.put(key, maskValue(key, value)));
        return masked;
    }

    /** One value under {@code key}, masked when secret. */
    public static Object maskValue(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            return MASK;
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> nested = (Map<String, ?>) map;
            return mask(nested);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(element -> maskValue("", element)).toList();
        }
        if (value instanceof String text) {
            return maskUrlPassword(text);
        }
        return value;
    }

    /** {@code postgresql://user:pw@host/db} becomes {@code postgresql://user:****@host/db}. */
    public static String maskUrlPassword(String text) {
        return URL_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    }
}
