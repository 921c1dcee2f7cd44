package dev.stacksolo.registry.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Secrets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * No generated secret of any shape that {@link Secrets} knows survives masking: in free text
 * (an error, an argument), as an output value under an innocent key, nested in a list, or marked.
 */
class SecretsProperties {

    /** A secret and a text that holds it. */
    record Planted(String secret, String text) {}

    private static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static Arbitrary<String> chars(String alphabet, int min, int max) {
        return Arbitraries.strings().withChars(alphabet.toCharArray()).ofMinLength(min).ofMaxLength(max);
    }

    /** A secret with at least one letter and a digit, from {@code alphabet}. */
    private static Arbitrary<String> secret(String alphabet, int min, int max) {
        return chars(alphabet, min, max).map(s -> "Zq7" + s);
    }

    private static Arbitrary<String> words() {
        return chars("abcdefgh ", 0, 12);
    }

    @Provide
    Arbitrary<Planted> planted() {
        Arbitrary<String> urlPassword = secret(ALNUM + "/@:!$%()+-_.~?#[]=,;&", 5, 20);
        Arbitrary<Planted> url = Combinators.combine(Arbitraries.of("postgresql", "mysql", "redis", "amqps",
                "mongodb+srv", "https"), chars("abcdefgh", 0, 6), urlPassword, chars("abcdefgh0123456789.", 1, 12))
                .as((scheme, user, password, host) -> new Planted(password,
                        scheme + "://" + user + ":" + password + "@" + host + "/db?sslmode=require"));
        Arbitrary<String> paramValue = secret(ALNUM + "!$%()+-_.~/:@=", 5, 20);
        Arbitrary<Planted> jdbc = Combinators.combine(Arbitraries.of("password", "Password", "pwd", "PWD",
                "sslpassword", "passwd"), paramValue).as((name, value) -> new Planted(value,
                "jdbc:postgresql://10.0.0.5:5432/users?user=app&" + name + "=" + value + "&ssl=true"));
        Arbitrary<Planted> ado = Combinators.combine(Arbitraries.of("Password", "Pwd", "password"), paramValue)
                .as((name, value) -> new Planted(value, "Server=tcp:db.example.com,1433;User Id=app;" + name + "="
                        + value + ";Encrypt=true"));
        Arbitrary<Planted> env = Combinators.combine(Arbitraries.of("PGPASSWORD", "DB_PASSWORD", "MYSQL_PWD",
                "API_TOKEN", "CLIENT_SECRET", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "REDIS_AUTH_STRING", "DB_PASS"),
                paramValue, Arbitraries.of("", "export ", "env ")).as((name, value, prefix) -> new Planted(value,
                        prefix + name + "=" + value + " psql -h 10.0.0.5"));
        Arbitrary<Planted> json = Combinators.combine(Arbitraries.of("clientSecret", "password", "db_pass",
                "auth_string", "private_key", "apiKey", "credentials", "token"), secret(ALNUM + " !$%()+-_./:@=;&", 5, 20))
                .as((name, value) -> new Planted(value, "{\"url\": \"https://x\", \"" + name + "\": \"" + value + "\"}"));
        Arbitrary<Planted> pem = Combinators.combine(Arbitraries.of("", "RSA ", "EC ", "ENCRYPTED ", "OPENSSH "),
                secret(ALNUM + "+/", 20, 64)).as((kind, body) -> new Planted(body,
                        "-----BEGIN " + kind + "PRIVATE KEY-----\n" + body + "\n-----END " + kind + "PRIVATE KEY-----\n"));
        String base64url = ALNUM + "-_";
        Arbitrary<Planted> jwt = Combinators.combine(chars(base64url, 8, 30), chars(base64url, 8, 60),
                chars(base64url, 16, 60)).as((header, payload, signature) -> {
                    String token = "eyJ" + header + ".eyJ" + payload + "." + signature;
                    return new Planted(token, "Authorization failed for " + token + ", retry");
                });
        Arbitrary<Planted> tokens = Arbitraries.oneOf(
                chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16, 16).map(s -> "AKIA" + s),
                chars(ALNUM, 36, 40).map(s -> "ghp_" + s),
                chars(ALNUM + "-", 10, 40).map(s -> "xoxb-" + s),
                chars(ALNUM + "-_", 10, 40).map(s -> "xoxp-123-456-" + s),
                chars(ALNUM + "-_", 35, 35).map(s -> "AIza" + s),
                chars(ALNUM, 24, 30).map(s -> "sk_live_" + s),
                chars(ALNUM + "-_", 20, 24).map(s -> "glpat-" + s),
                chars("0123456789abcdef", 32, 32).map(s -> "shpat_" + s),
                chars(ALNUM + "_", 40, 60).map(s -> "github_pat_" + s),
                chars(ALNUM + "-_", 40, 80).map(s -> "pypi-AgEIcHlwaS5vcmc" + s))
                .map(token -> new Planted(token, "the key " + token + " was rotated"));
        Arbitrary<Planted> header = Combinators.combine(Arbitraries.of("Authorization", "authorization",
                "Proxy-Authorization"), Arbitraries.of("Basic", "Bearer", "token", "Token", "Digest", "ApiKey",
                "Negotiate"), secret(ALNUM + "_-.+/=", 4, 24), Arbitraries.of(": ", ":", "="))
                .as((name, scheme, credential, separator) -> new Planted(credential,
                        name + separator + scheme + " " + credential));
        Arbitrary<String> toolPassword = secret(ALNUM + "!$%+-_.~/:@=,", 5, 20);
        Arbitrary<Planted> tool = Combinators.combine(Arbitraries.of("docker login -u ci -p %s ghcr.io",
                "docker login --password %s", "curl -fsS -u admin:%s https://h/x", "curl --user=admin:%s https://h",
                "sqlcmd -S h -U sa -P %s -Q 'select 1'", "redis-cli -h h -a %s ping", "sshpass -p %s ssh -p 22 h",
                "mongosh -u u -p %s h/db", "az login -u u -p %s", "The password is %s", "the token was: %s",
                "passwd %s", "root:%s@tcp(db:3306)/app", "u:%s@unix(/tmp/s)/db",
                "https://b.s3.amazonaws.com/k?X-Amz-Date=1&X-Amz-Signature=%s&X-Amz-SignedHeaders=host",
                "https://storage.googleapis.com/b/o?X-Goog-Signature=%s"),
                toolPassword).as((shape, password) -> new Planted(password, shape.formatted(password)));
        Arbitrary<Planted> webhook = chars(ALNUM + "-_", 30, 68).map(token -> "Zq7" + token)
                .map(token -> new Planted(token, "POST https://discord.com/api/webhooks/123456789012345678/" + token
                        + " failed"));
        Arbitrary<Planted> userToken = secret(ALNUM + "_", 5, 40).map(token -> new Planted(token,
                "git clone https://" + token + ":x-oauth-basic@github.com/o/r.git"));
        return Arbitraries.oneOf(url, jdbc, ado, env, json, pem, jwt, tokens, header, tool, webhook, userToken);
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void noPlantedSecretSurvivesInText(@ForAll("planted") Planted planted, @ForAll("wordsAround") String before,
            @ForAll("wordsAround") String after) {
        String text = before + " " + planted.text() + " " + after;

        assertThat(Secrets.maskText(text)).doesNotContain(planted.secret());
    }

    /** Two shapes in one text (a URL and an assignment, a token and a password=…): every rule applies. */
    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void noSecretSurvivesBesideAnotherShape(@ForAll("planted") Planted first, @ForAll("planted") Planted second,
            @ForAll("wordsAround") String between) {
        String masked = Secrets.maskText(first.text() + " failed; " + between + " " + second.text());

        assertThat(masked).doesNotContain(first.secret()).doesNotContain(second.secret());
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.BOUNDED)
    void noPlantedSecretSurvivesInOutputsConfigsOrMarked(@ForAll("planted") Planted planted) {
        Map<String, Object> values = Map.of("value", planted.text(), "list", List.of(planted.text()),
                "nested", Map.of("detail", planted.text()));

        assertThat(Secrets.mask(values).toString()).doesNotContain(planted.secret());
        assertThat(Secrets.mask(Map.of("url", planted.secret()), Set.of("url")))
                .isEqualTo(Map.of("url", Secrets.SENSITIVE));
    }

    /** Every printable ASCII character (space and quotes included), and some that are not ASCII. */
    private static final String URL_PASSWORD_CHARS;

    static {
        StringBuilder chars = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            chars.append(c);
        }
        URL_PASSWORD_CHARS = chars.append("\u00e9\u00fc\u00df\u00a0\u20ac\u5bc6\u0436\u2003").toString();
    }

    @Provide
    Arbitrary<String> urlPasswords() {
        Arbitrary<String> plain = Arbitraries.strings().withChars(URL_PASSWORD_CHARS.toCharArray()).ofMinLength(4)
                .ofMaxLength(24);
        // and some beyond the basic plane (a key emoji, a CJK extension character)
        return Arbitraries.oneOf(plain, plain.map(pw -> pw + "\uD83D\uDD11"), plain.map(pw -> "\uD840\uDC0B" + pw));
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("postgresql", "postgres", "mysql", "redis", "rediss", "amqp", "amqps", "mongodb+srv",
                "https", "ftp", "sqlserver", "clickhouse");
    }

    @Property(tries = 3000, shrinking = ShrinkingMode.BOUNDED)
    void aUrlPasswordOfAnyCharactersIsMaskedWholeAndTheUrlStaysReadable(@ForAll("schemes") String scheme,
            @ForAll("urlPasswords") String password) {
        String masked = Secrets.maskText(scheme + "://user:" + password + "@host/db");

        assertThat(masked).doesNotContain(password).startsWith(scheme + "://user:").endsWith("@host/db");
    }

    /** The same URL as a JSON string value (quotes and backslashes escaped) and as a shell word. */
    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED)
    void aUrlPasswordInJsonOrAShellWordIsMaskedWhole(@ForAll("schemes") String scheme,
            @ForAll("urlPasswords") String password, @ForAll("wordsAround") String before) {
        String url = scheme + "://user:" + password + "@host/db";
        // compact: nothing but the closing quote ends the URL before the owner's @
        String json = "{\"note\":\"" + before + "\",\"url\":\"" + url.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"owner\":\"ops@example.com\"}";
        String singleQuoted = "psql '" + url.replace("'", "'\\''") + "' -c 'select 1'";
        String doubleQuoted = "psql \"" + url.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("`", "\\`") + "\" -c 'select 1'";

        for (String text : List.of(json, singleQuoted, doubleQuoted)) {
            String masked = Secrets.maskText(text);
            assertThat(masked).as(text).contains(scheme + "://user:****@host/db");
            // the text around the URL, unchanged: a password that happens to be in it (four spaces, in a
            // note of spaces) is no leak; what is left once it is taken out must hold no piece of the password
            String outside = masked.replace(scheme + "://user:****@host/db", "");
            String around = text.substring(0, text.indexOf(scheme + "://user:")) + "\n"
                    + text.substring(text.lastIndexOf("@host/db") + "@host/db".length());
            for (String piece : password.split("[\\\\\"'$`]")) {
                if (piece.length() >= 4 && !around.contains(piece)) {
                    assertThat(outside).as(text).doesNotContain(piece);
                }
            }
            if (!around.contains(password)) {
                assertThat(masked).as(text).doesNotContain(password);
            }
        }
    }

    @Provide
    Arbitrary<String> wordsAround() {
        return words();
    }
}
