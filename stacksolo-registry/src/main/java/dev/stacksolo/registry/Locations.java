package dev.stacksolo.registry;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Registry locations: which kind of location a text names (a file, a JDBC URL, a PostgreSQL URL in
 * libpq's form), the default folder, and passwords masked before a location is printed or logged.
 *
 * <p>Stateless and thread-safe.
 */
public final class Locations {

    /**
     * A PostgreSQL URL in libpq's form, {@code postgresql://[user[:password]@]host[:port][/db][?k=v&…]}
     * (also {@code postgres://}): user, password, the host part (one host, a bracketed IPv6 address, or
     * several separated by commas), database and query.
     */
    private static final Pattern LIBPQ_URL = Pattern.compile(
            "(?i)postgres(?:ql)?://(?:([^:@/?]*)(?::([^/?]*))?@)?([^/?@]*)(?:/([^?]*))?(?:\\?(.*))?", Pattern.DOTALL);

    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(//[^/:@]+:)[^/]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");

    /** libpq's connection keywords, the first word of a keyword/value connection string. */
    private static final java.util.Set<String> LIBPQ_KEYWORDS = java.util.Set.of("host", "hostaddr", "port", "dbname",
            "user", "password", "passfile", "service", "sslmode", "sslcert", "sslkey", "sslrootcert", "sslpassword",
            "connect_timeout", "options", "application_name", "target_session_attrs", "channel_binding", "gssencmode",
            "requiressl", "krbsrvname", "load_balance_hosts", "keepalives", "client_encoding");
    /** {@code keyword=value}, {@code keyword = value}: one word of a keyword/value connection string. */
    private static final Pattern KEYWORD_VALUE = Pattern.compile("(?s)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=.*");
    private static final Pattern LATER_KEYWORD = Pattern.compile("(?s).*\\s[A-Za-z_][A-Za-z0-9_]*\\s*=.*");

    private Locations() {}

    /**
     * Whether {@code location} is a libpq keyword/value connection string ({@code host=db user=app
     * password=…}) rather than a path or URL: it starts with {@code keyword=}, and the keyword is
     * libpq's or another {@code keyword=} word follows. Opened as a path, it would create a SQLite
     * file of that name and print its password wherever the location is shown.
     */
    public static boolean isLibpqKeywordValue(String location) {
        Matcher first = KEYWORD_VALUE.matcher(location);
        if (location.contains("://") || location.startsWith("jdbc:") || !first.matches()) {
            return false;
        }
        return LIBPQ_KEYWORDS.contains(first.group(1).toLowerCase(java.util.Locale.ROOT))
                || LATER_KEYWORD.matcher(location).matches();
    }

    /**
     * Whether {@code location} names a PostgreSQL registry: a {@code jdbc:postgresql:} URL or libpq's
     * form ({@link #isLibpqUrl}); anything else is a SQLite file.
     */
    public static boolean isPostgres(String location) {
        return location.startsWith("jdbc:postgresql:") || isLibpqUrl(location);
    }

    /**
     * Whether {@code location} is a PostgreSQL URL in libpq's form ({@code postgresql://} or
     * {@code postgres://}, any case), as {@code psql} and most tools write it.
     */
    public static boolean isLibpqUrl(String location) {
        String lower = location.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("postgresql://") || lower.startsWith("postgres://");
    }

    /**
     * The JDBC URL pgjdbc understands for a libpq-form URL: {@code postgresql://app:pw@db:5432/reg?sslmode=require}
     * becomes {@code jdbc:postgresql://db:5432/reg?sslmode=require&user=app&password=pw} (user and
     * password percent-decoded, then encoded again as query values; the password runs to the last
     * {@code @} before the host, so a raw {@code @} in it is the password's, where libpq would take
     * the rest for the host). Other locations are returned as they are.
     *
     * @throws DatabaseException when a {@code postgresql://} URL has no host
     */
    public static String toJdbc(String location) {
        if (!isLibpqUrl(location)) {
            return location;
        }
        Matcher url = LIBPQ_URL.matcher(location);
        if (!url.matches() || url.group(3).isEmpty()) {
            throw new DatabaseException("cannot use the registry URL " + mask(location) + ": it names no host;"
                    + " write it as postgresql://user@host:5432/database (or jdbc:postgresql://host:5432/database?user=…)");
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(url.group(3)).append('/')
                .append(Optional.ofNullable(url.group(4)).orElse(""));
        StringBuilder query = new StringBuilder(Optional.ofNullable(url.group(5)).orElse(""));
        Map<String, Integer> groups = Map.of("user", 1, "password", 2);
        for (String key : new String[] {"user", "password"}) {
            String value = url.group(groups.get(key));
            if (value != null && !value.isEmpty()) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(key).append('=').append(URLEncoder.encode(
                        URLDecoder.decode(value, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            }
        }
        if (query.length() > 0) {
            jdbc.append('?').append(query);
        }
        return jdbc.toString();
    }

    /**
     * The folder of the default registry, {@code ~/.stacksolo}, with the home folder found as
     * StackSolo's TypeScript tools find it ({@code HOME}, else the JVM's {@code user.home}).
     */
    public static Path defaultFolder() {
        String home = Optional.ofNullable(System.getenv("HOME")).filter(h -> !h.isBlank())
                .orElseGet(() -> System.getProperty("user.home"));
        return Path.of(home, ".stacksolo");
    }

    /** {@code location} with any password replaced by {@code ****} (as secrets are masked everywhere). */
    public static String mask(String location) {
        String masked = USERINFO_PASSWORD.matcher(location).replaceAll("$1****@");
        masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1****");
        // and whatever else the one rule set knows (a password holding '/' or '@', sslpassword=…)
        return Secrets.maskText(masked);
    }
}
