package dev.stacksolo.registry;

import dev.stacksolo.registry.types.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule set that decides what is secret, used by every view of the registry and by the
 * event log: output values, resource configs, deployment snapshots, error texts and audit
 * arguments all go through it.
 *
 * <p>Two kinds of knowledge:
 * <ul>
 *   <li><b>Marked</b>: keys known sensitive (Terraform's {@code "sensitive": true}, {@code outputs
 *       set --sensitive}, the library's inputs, every output of a {@code secret} resource). Their
 *       whole value is shown as {@value #SENSITIVE}, Terraform's convention:
 *       {@link #mask(Map, Set)}.</li>
 *   <li><b>Detected</b>, for what nobody marked: a value under a secret-looking key name
 *       ({@link #isSecretKey}) becomes {@value #MASK}; in any other text, the secret parts of
 *       recognised shapes become {@value #MASK} ({@link #maskText}): the password of a URL's user
 *       info, {@code password=}-style parameters and {@code NAME_WITH_SECRET_WORD=value}
 *       assignments, PEM private keys, JWTs, bearer tokens, well-known token shapes (AWS key ids
 *       and the secret key after one, GitHub, GitLab, Slack, Google, Stripe, npm, PyPI, Shopify,
 *       OpenAI/Anthropic, SendGrid, Hugging Face, DigitalOcean), Slack and Discord webhook tokens,
 *       presigned URLs' signatures, Go MySQL DSNs' passwords, the password options of common
 *       tools ({@code docker login -p}, {@code curl -u user:…}, {@code sqlcmd -P}, {@code
 *       redis-cli -a}, {@code sshpass -p}, {@code mongosh -p}, {@code az login -p}, {@code
 *       ldapsearch -w}, their value on the next line too) and the word after "password is", "api
 *       key is" or "pass" in prose. Where a secret is ({@code PASSWORD_FILE=/run/secrets/db},
 *       {@code secretName=projects/p/secrets/db}, an ARN, {@code passwd: /etc/passwd}) stays
 *       readable.</li>
 * </ul>
 * The API {@link #mask(Map, Set)} is stable: the PostgreSQL reader's masked copy is built with it.
 *
 * <p>Stateless and thread-safe; linear in the length of a text for any input ({@link #maskText}).
 */
public final class Secrets {

    /** What a detected secret (or the secret part of a text) is replaced with. */
    public static final String MASK = "****";
    /** What a value marked sensitive is replaced with as a whole (Terraform prints the same). */
    public static final String SENSITIVE = "<sensitive>";

    /** Key-name parts that make a key secret wherever they appear (after removing separators). */
    private static final List<String> SECRET_PARTS = List.of("password", "passwd", "passphrase", "secret", "token",
            "credential", "apikey", "privatekey", "authstring", "sslkey", "privkey", "accesskey", "signingkey",
            "encryptionkey", "masterkey", "sessionkey", "clientkey", "authkey", "connectionkey");
    /** Whole words of a key name that make it secret ({@code db_pass}, {@code dbPwd}); "pass" only as a word. */
    private static final Set<String> SECRET_WORDS = Set.of("pass", "pwd", "pw", "creds", "jwt", "authorization",
            "cookie", "salt");
    /**
     * What may be glued before "pass" in a one-word name that holds a password ({@code SSHPASS},
     * as sshpass -e reads it, {@code SMBPASS}, keytool's {@code storepass} and {@code keypass},
     * {@code DBPASS}); {@code bypass}, {@code compass}, {@code multipass} are not among them.
     */
    private static final Set<String> GLUED_BEFORE_PASS = Set.of("ssh", "smb", "db", "root", "admin", "user", "ftp",
            "sftp", "mail", "smtp", "imap", "pop", "ldap", "redis", "mysql", "sql", "pg", "mongo", "vnc", "rdp", "wifi",
            "proxy", "sudo", "become", "vault", "git", "api", "app", "web", "amqp", "mq", "store", "key", "keystore",
            "truststore", "jks", "pfx", "p12", "cert", "login", "my", "new", "old");
    /** Words before "key" that name something public, not a secret key ({@code primaryKey}, {@code publicKey}). */
    private static final Set<String> PUBLIC_KEY_KINDS = Set.of("public", "primary", "partition", "sort", "foreign",
            "cache", "row", "hash", "range", "idempotency", "object", "map", "lookup", "dedup", "routing", "region",
            "s3", "gcs", "storage", "bucket", "file", "ssh_public");

    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)[\\s\\S]*?(?:(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)|\\z)");
    private static final Pattern TOKEN_SHAPES = Pattern.compile(String.join("|",
            "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b", // AWS key ids
            "\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b", "\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b", // GitHub
            "\\bglpat-[A-Za-z0-9_-]{20,}", // GitLab
            "\\bxox[abposr]-[A-Za-z0-9_-]{10,}", "(?<=hooks\\.slack\\.com/(?:services|workflows|triggers)/)[A-Za-z0-9/+_-]{20,}", // Slack
            "\\bAIza[0-9A-Za-z_-]{35}", "\\bya29\\.[0-9A-Za-z_-]{20,}", "\\bGOCSPX-[A-Za-z0-9_-]{20,}", // Google
            "\\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}", "\\bwhsec_[0-9A-Za-z]{20,}", // Stripe
            "\\bnpm_[A-Za-z0-9]{36}\\b", // npm
            "\\bhf_[A-Za-z0-9]{30,}", // Hugging Face
            "\\bdo[opr]_v1_[a-f0-9]{64}", // DigitalOcean
            "\\bsk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{32,}", // OpenAI, Anthropic
            "\\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}", // SendGrid
            "\\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\\b", // Shopify
            "\\bpypi-AgE[A-Za-z0-9_-]{20,}", // PyPI
            "\\bxapp-\\d-[A-Za-z0-9-]{20,}")); // Slack app-level
    private static final Pattern BEARER = Pattern.compile("\\b([Bb]earer|BEARER)(\\s+)[A-Za-z0-9._~+/=-]{8,}"
            + "|\\b(Basic)(\\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}");
    /**
     * A header-style credential after an authentication scheme ({@code Authorization: Basic …},
     * {@code token …}, {@code Digest username="…", response="…"}): the scheme stays readable, the
     * credential (to the end of its comma-separated parameters) is masked.
     */
    /** A credential or one of its parameters ({@code abc==}, {@code response="…"}). */
    private static final String CREDENTIAL_PART = "[^\\s\"',;=]++(?:=(?:\"[^\"\\n]*+\"|[^\\s\"',;]*+))?";
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization\"?\\s*[=:]\\s*\"?)"
            + "(basic|bearer|token|digest|negotiate|ntlm|hoba|mutual|apikey|api-key|sso-key|dpop|gnap|oauth"
            + "|aws4-hmac-sha256|splunk|key)(\\s+)(?!\\*\\*\\*\\*(?:\\s|$|[\"',;]))"
            // at most 32 parameters: a repeated group recurses once per repetition in java.util.regex
            + CREDENTIAL_PART + "(?:,\\s*+" + CREDENTIAL_PART + "){0,32}");

    private Secrets() {}

    /**
     * Whether values under {@code key} are secret as a whole, by the key's name: it contains
     * password, passwd, passphrase, secret, token, credential, api key, private key, auth string
     * (in any case, camelCase, snake_case or kebab-case), or has a word pass, pwd, pw, creds, jwt,
     * authorization, cookie or salt, or ends in the word key (not a public, primary, partition…
     * key), or in the word auth. {@code passengerCount}, {@code keyspace}, {@code publicKey} are
     * not secret; {@code tokenCount} is (a false positive we accept: better masked than leaked).
     */
    public static boolean isSecretKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        String squashed = squash(key.toLowerCase(Locale.ROOT));
        if (!hasSecretHint(squashed)) {
            return false; // every part and word below holds one of the hints: no need to split the key
        }
        for (String part : SECRET_PARTS) {
            if (squashed.contains(part)) {
                return true;
            }
        }
        List<String> words = words(key);
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (SECRET_WORDS.contains(word) || word.endsWith("pass")
                    && GLUED_BEFORE_PASS.contains(word.substring(0, word.length() - 4))) {
                return true;
            }
            boolean last = i == words.size() - 1;
            String before = i > 0 ? words.get(i - 1) : "";
            String after = last ? "" : words.get(i + 1);
            if (word.equals("key")) { // not "keys": a list of key names (the event log's) is not secret
                if (before.equals("private") || before.equals("api") || after.equals("pem") || after.equals("data")
                        || after.equals("material") || (last && !PUBLIC_KEY_KINDS.contains(before))) {
                    return true;
                }
            }
            if (word.equals("auth") && last) {
                return true;
            }
        }
        return false;
    }

    /** Secret words the name of an option may be a misspelling of ({@code --pasword}, {@code --tokn}). */
    private static final List<String> SECRET_OPTION_WORDS = List.of("password", "passwd", "passphrase", "secret",
            "token", "apikey", "credential", "credentials");
    /** One-letter options that take a password or a key in common tools ({@code -p}, {@code -P}, {@code -w}, {@code -a}…). */
    private static final String SECRET_SHORT_OPTIONS = "pPwakKtTsS";

    /**
     * Whether a command-line option ({@code --pasword}, {@code --db-token=x}, {@code -p}) looks
     * like one whose value is a secret, misspelt or not: its name is secret ({@link #isSecretKey}),
     * holds a secret word's part (pass, pw, secret, token, cred, key, auth…), is one or two typing
     * mistakes from password, secret, token…, or is one of the letters p, P, w, a, k, t, s (in
     * either case). For a usage error that would echo an unknown option's value.
     */
    public static boolean isSecretOptionName(String option) {
        if (option == null || !option.startsWith("-")) {
            return false;
        }
        String name = option.replaceFirst("^-+", "");
        int equals = name.indexOf('=');
        name = equals >= 0 ? name.substring(0, equals) : name;
        if (name.isEmpty()) {
            return false;
        }
        if (!option.startsWith("--") && SECRET_SHORT_OPTIONS.indexOf(name.charAt(0)) >= 0) {
            return true; // -p, -pVALUE
        }
        String squashed = squash(name.toLowerCase(Locale.ROOT));
        if (isSecretKey(name) || hasSecretHint(squashed)) {
            return true;
        }
        List<String> candidates = new ArrayList<>(words(name));
        candidates.add(squashed);
        for (String word : candidates) {
            for (String target : SECRET_OPTION_WORDS) {
                if (Math.abs(word.length() - target.length()) <= 2
                        && Names.typingMistakes(word, target) <= (target.length() >= 8 ? 2 : 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * A command-line argument as a usage error may echo it: the value of an option whose name
     * looks secret, misspelt or not ({@link #isSecretOptionName}: {@code --pasword=****}, {@code
     * -p****}); the password of an option's {@code user:password} value, whatever the option
     * ({@code --user=bob:****}, {@code -u=bob:****}, {@code -ubob:****}, as curl's {@code
     * --user} is shown); then {@link #maskText}. An unknown option is echoed whole.
     */
    public static String maskOptionArgument(String arg) {
        if (arg == null || !arg.startsWith("-") || arg.startsWith("---")) {
            return maskText(arg);
        }
        int equals = arg.indexOf('=');
        if (isSecretOptionName(arg)) {
            if (equals > 0) {
                return arg.substring(0, equals + 1) + MASK;
            }
            if (!arg.startsWith("--") && arg.length() > 2) {
                return arg.substring(0, 2) + MASK;
            }
            return maskText(arg);
        }
        int value = equals > 0 ? equals + 1 : !arg.startsWith("--") && arg.length() > 2 ? 2 : -1;
        int colon = value < 0 ? -1 : userPasswordColon(arg, value);
        return colon < 0 ? maskText(arg) : maskText(arg.substring(0, colon + 1)) + MASK;
    }

    /**
     * The colon of a {@code user:password} value starting at {@code from} ({@code bob:pw}), or -1
     * when the value is no such pair: the user has a letter and no {@code /}, {@code @} or space,
     * the password is not empty, not a port ({@code db.internal:5432}) and no URL's {@code //}.
     */
    static int userPasswordColon(String text, int from) {
        int colon = text.indexOf(':', from);
        if (colon <= from || colon + 1 >= text.length() || text.startsWith("//", colon + 1)) {
            return -1;
        }
        boolean letter = false;
        for (int i = from; i < colon; i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '@' || breaksUrl(c)) {
                return -1;
            }
            letter |= Character.isLetter(c);
        }
        boolean port = true;
        for (int i = colon + 1; i < text.length(); i++) {
            port &= isDigit(text.charAt(i));
        }
        return letter && !port && !isMasked(text, colon + 1, text.length()) ? colon : -1;
    }

    /**
     * The letters a-z and digits of {@code lowerCase}, without anything else (what the old
     * {@code replaceAll("[^a-z0-9]", "")} kept, with no pattern compiled per call).
     */
    private static String squash(String lowerCase) {
        int length = lowerCase.length();
        int i = 0;
        while (i < length && isLowerAlnum(lowerCase.charAt(i))) {
            i++;
        }
        if (i == length) {
            return lowerCase;
        }
        StringBuilder squashed = new StringBuilder(length);
        squashed.append(lowerCase, 0, i);
        for (; i < length; i++) {
            char c = lowerCase.charAt(i);
            if (isLowerAlnum(c)) {
                squashed.append(c);
            }
        }
        return squashed.toString();
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * Substrings one of which every secret key name holds once squashed: each of {@link
     * #SECRET_PARTS} and {@link #SECRET_WORDS} holds one, and so do the words "key" and "auth".
     * A key (or a text) whose squashed form holds none is not secret and has no secret name in it.
     */
    private static final String[] SECRET_HINTS = {"pass", "pw", "secret", "token", "cred", "key", "auth", "jwt",
        "cookie", "salt"};

    private static boolean hasSecretHint(CharSequence squashed) {
        String text = squashed.toString();
        for (String hint : SECRET_HINTS) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    /** The lower-case words of a key: split at case changes, digits-to-letters and any separator. */
    static List<String> words(String key) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(words, word);
                continue;
            }
            if (word.length() > 0 && Character.isUpperCase(c)) {
                char previous = key.charAt(i - 1);
                boolean nextLower = i + 1 < key.length() && Character.isLowerCase(key.charAt(i + 1));
                // "dbPass" splits before P; "APIKey" splits before the K of "Key"
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower)) {
                    flush(words, word);
                }
            }
            word.append(Character.toLowerCase(c));
        }
        flush(words, word);
        return words;
    }

    private static void flush(List<String> words, StringBuilder word) {
        if (word.length() > 0) {
            words.add(word.toString());
            word.setLength(0);
        }
    }

    /**
     * A copy of {@code values} (outputs, a config, a snapshot, event data) with detected secrets
     * masked, nested maps and lists included. Nothing is marked: see {@link #mask(Map, Set)}.
     */
    public static Map<String, Object> mask(Map<String, ?> values) {
        return mask(values, Set.of());
    }

    /**
     * A copy of {@code outputs} as any view may show it: the value of each key in {@code
     * sensitiveKeys} becomes {@value #SENSITIVE} (null stays null), every other value is masked
     * by detection ({@link #maskValue}); a key that {@link #maskText} would change is shown masked. Stable API: the PostgreSQL reader's masked copy is built
     * with it.
     *
     * @param outputs the values as stored
     * @param sensitiveKeys the keys known sensitive (such as {@code RegistryResource.sensitiveOutputs()})
     */
    public static Map<String, Object> mask(Map<String, ?> outputs, Set<String> sensitiveKeys) {
        Map<String, Object> masked = new LinkedHashMap<>();
        outputs.forEach((key, value) -> masked.put(shownKey(masked, key), value != null && sensitiveKeys.contains(key)
                ? SENSITIVE : maskValue(key, value)));
        return masked;
    }

    /**
     * {@code key} as a view shows it: masked by {@link #maskText} (a connection string written as a
     * key by another tool, or before keys were checked, holds its password there), numbered when
     * two keys mask to the same text so that neither hides the other.
     */
    private static String shownKey(Map<String, Object> shown, String key) {
        String masked = maskText(key);
        if (masked == null || masked.equals(key)) {
            return key;
        }
        String unique = masked;
        for (int n = 2; shown.containsKey(unique); n++) {
            unique = masked + " (" + n + ")";
        }
        return unique;
    }

    /**
     * One value under {@code key}, masked by detection: {@value #MASK} as a whole when the key is
     * secret ({@link #isSecretKey}), else maps and lists element by element and texts by
     * {@link #maskText}; numbers, booleans and null unchanged.
     */
    public static Object maskValue(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (isSecretKey(key)) {
            // PASSWORD_FILE=/run/secrets/db, secretName=projects/p/secrets/db: where the secret is, read as text
            return value instanceof String text && isPathNotSecret(key, text) ? maskText(text) : MASK;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> masked = new LinkedHashMap<>();
            map.forEach((nestedKey, nested) -> masked.put(shownKey(masked, String.valueOf(nestedKey)),
                    maskValue(String.valueOf(nestedKey), nested)));
            return masked;
        }
        if (value instanceof List<?> list) {
            List<Object> masked = new ArrayList<>(list.size());
            for (Object element : list) {
                masked.add(maskValue("", element));
            }
            return masked;
        }
        if (value instanceof String text) {
            return maskText(text);
        }
        return value;
    }

    /**
     * Free text (an output value, an error message, a command-line argument) with the secret parts
     * of every recognised shape replaced by {@value #MASK}: PEM private-key bodies, a URL's password
     * (everything between {@code user:} and the last {@code @} before the host, so a password
     * holding {@code /} or {@code @} is masked whole) and the user info of a {@code redis://} URL
     * or a token-like one of an {@code https://} URL, JWTs, well-known token shapes, bearer/basic
     * credentials, the credential after an {@code Authorization:} scheme (the scheme kept), the
     * value of any {@code NAME=value}, {@code NAME: value}, {@code NAME => value}, {@code NAME :=
     * value} or {@code <NAME>value</NAME>} whose name is secret ({@code ?password=…&},
     * {@code Server=…;Password=…;}, {@code PGPASSWORD=…}, {@code "clientSecret": "…"},
     * {@code {'password': '…'}}, {@code {\"password\":\"…\"}}, Azure's {@code sig=}), a
     * credential-looking word after a secret word and a space ({@code --password hunter2},
     * {@code token ab12cd}: see {@link #looksLikeCredential}), any word but prose after "password
     * is", "token was", "passwd" ({@code the password is hunter}, not {@code password is wrong}),
     * a {@code mysql -p…} password, the password options of common tools ({@code docker login -p},
     * {@code curl -u user:…}, {@code sqlcmd -P}, {@code redis-cli -a}, {@code sshpass -p},
     * {@code mongo -p}, {@code az login -p}, {@code ldapsearch -w}), a Go MySQL DSN's password
     * ({@code root:****@tcp(h:3306)/app}), presigned URLs' {@code X-Amz-Signature}, {@code
     * X-Goog-Signature}, {@code Signature} (also URL-encoded: {@code X-Amz-Signature%3D…}), Discord
     * webhook tokens, an AWS secret key after its key id (on its line or the next), and the token in a URL's user part when its password is a placeholder ({@code
     * https://****:x-oauth-basic@github.com}).
     * The rest of the text is kept, so the message still reads.
     *
     * <p>The work is linear in the length of the text for any input (no pattern backtracks over
     * what an earlier attempt scanned): a deploy tool's failure path may pass a whole log.
     */
    public static String maskText(String text) {
        if (text == null || text.length() < 4) {
            return text;
        }
        String masked = text;
        if (masked.contains("PRIVATE KEY")) {
            masked = PEM.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK
                    + (match.group(2) == null ? "" : match.group(2))));
        }
        if (masked.contains("://")) {
            masked = maskUrlPassword(masked);
        }
        // each pattern below runs only when the text holds a literal that every match of it holds
        if (masked.contains("eyJ")) {
            masked = maskJwts(masked);
        }
        if (masked.contains("AKIA") || masked.contains("ASIA")) {
            masked = maskAwsSecretKeys(masked);
        }
        if (mayHoldTokenShape(masked)) {
            masked = TOKEN_SHAPES.matcher(masked).replaceAll(MASK);
        }
        if (masked.contains("earer") || masked.contains("EARER") || masked.contains("Basic")) {
            masked = BEARER.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) != null
                    ? match.group(1) + match.group(2) + MASK : match.group(3) + match.group(4) + MASK));
        }
        if (masked.contains("mysql") || masked.contains("mariadb")) {
            masked = maskMysqlPasswords(masked);
        }
        if (mayNameATool(masked)) {
            masked = maskToolPasswords(masked);
        }
        if (masked.contains("@/") || masked.indexOf('@') >= 0 && masked.indexOf('(') >= 0) {
            masked = maskGoDsnPasswords(masked);
        }
        if (masked.contains("discord")) {
            masked = DISCORD_WEBHOOK.matcher(masked).replaceAll("$1" + MASK);
        }
        // a name's squashed form is part of the text's (names are ASCII, their separators dropped)
        String squashed = squashAscii(masked);
        if (squashed.contains("authorization") && (masked.indexOf('=') >= 0 || masked.indexOf(':') >= 0)) {
            masked = SCHEME_CREDENTIAL.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(
                    match.group(1) + match.group(2) + match.group(3) + MASK));
        }
        if (hasSecretHint(squashed) || squashed.contains("sig")) {
            masked = maskAssignments(masked);
        }
        return masked;
    }

    /**
     * JWTs ({@code eyJ…}, three base64url parts, the first two of at least 4 characters after
     * {@code eyJ}) masked whole. By hand, not by a pattern: a search from every {@code eyJ} of a
     * long run ({@code eyJ-eyJ-…}) would scan the rest of the run each time.
     */
    private static String maskJwts(String text) {
        StringBuilder out = null;
        int copied = 0;
        int start = text.indexOf("eyJ");
        while (start >= 0) {
            int next = start + 3;
            if (start == 0 || !isWordChar(text.charAt(start - 1))) {
                int first = base64UrlRunEnd(text, start + 3);
                if (first - (start + 3) >= 4 && first < text.length() && text.charAt(first) == '.') {
                    int second = base64UrlRunEnd(text, first + 1);
                    if (second - (first + 1) >= 4 && second < text.length() && text.charAt(second) == '.') {
                        int end = base64UrlRunEnd(text, second + 1);
                        if (out == null) {
                            out = new StringBuilder(text.length());
                        }
                        out.append(text, copied, start).append(MASK);
                        copied = end;
                        next = end;
                    } else {
                        next = first; // a later eyJ before the first dot fails the same way
                    }
                } else {
                    next = Math.max(next, first);
                }
            }
            start = text.indexOf("eyJ", next);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static int base64UrlRunEnd(String text, int from) {
        int i = from;
        while (i < text.length() && (isAsciiLetter(text.charAt(i)) || isDigit(text.charAt(i))
                || text.charAt(i) == '_' || text.charAt(i) == '-')) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The password of a MySQL or MariaDB command's {@code -pPASSWORD} (glued to the option, as the
     * clients take it), up to the end of the word; only in the command after {@code mysql},
     * {@code mysqldump}, {@code mariadb}… (elsewhere {@code -p} is a port or a path).
     */
    private static String maskMysqlPasswords(String text) {
        QuoteParity parity = new QuoteParity(text);
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int from = 0;
        while (from < length) {
            int mysql = text.indexOf("mysql", from);
            int mariadb = text.indexOf("mariadb", from);
            int command = mysql < 0 ? mariadb : mariadb < 0 ? mysql : Math.min(mysql, mariadb);
            if (command < 0) {
                break;
            }
            int end = command;
            while (end < length && "\n|;&".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            int lineStart = command;
            while (lineStart > from && text.charAt(lineStart - 1) != '\n') {
                lineStart--;
            }
            parity.reset(lineStart);
            for (int i = command + 1; i + 2 < end; i++) {
                if (text.charAt(i) == '-' && text.charAt(i + 1) == 'p' && isRegexSpace(text.charAt(i - 1))
                        && !isRegexSpace(text.charAt(i + 2))) {
                    int wordEnd = i + 2;
                    while (wordEnd < end && !isRegexSpace(text.charAt(wordEnd))) {
                        wordEnd++;
                    }
                    if (out == null) {
                        out = new StringBuilder(length);
                    }
                    out.append(text, copied, i + 2).append(MASK);
                    copied = parity.beforeClosingQuote(i + 2, wordEnd); // 'mysql -pPW'; …: the quote stays
                    i = wordEnd;
                }
            }
            from = end + 1;
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /**
     * A command-line tool whose option takes a password: {@code docker login -p PW}, {@code curl -u
     * user:PW}. The option's value is the next word, glued to a one-letter option ({@code -pPW}), or
     * after {@code =} of a long one ({@code --password=PW}).
     *
     * @param names the command's names (a path before them is allowed: {@code /usr/bin/curl})
     * @param subcommand the word that must come before the option ({@code login}), or null
     * @param options the options whose value is the password
     * @param userAndPassword whether the value is {@code user:password} (only what follows the first colon is masked)
     * @param optionsEndAtOperand whether the tool's options end at its first operand ({@code sshpass -p PW ssh -p 22 h})
     */
    private record Tool(Set<String> names, String subcommand, Set<String> options, boolean userAndPassword,
            boolean optionsEndAtOperand) {}

    private static final List<Tool> TOOLS = List.of(
            new Tool(Set.of("docker", "podman", "nerdctl", "buildah", "skopeo", "oras", "helm"), "login",
                    Set.of("-p", "--password"), false, false),
            new Tool(Set.of("az"), "login", Set.of("-p", "--password"), false, false),
            new Tool(Set.of("curl"), null, Set.of("-u", "--user", "-U", "--proxy-user"), true, false),
            new Tool(Set.of("sqlcmd", "bcp", "osql"), null, Set.of("-P"), false, false),
            new Tool(Set.of("redis-cli", "valkey-cli", "keydb-cli"), null, Set.of("-a", "--pass"), false, false),
            new Tool(Set.of("sshpass"), null, Set.of("-p"), false, true),
            new Tool(Set.of("mongo", "mongosh", "mongodump", "mongorestore", "mongoexport", "mongoimport", "mongostat",
                    "mongotop", "mongofiles"), null, Set.of("-p", "--password"), false, false),
            new Tool(Set.of("ldapsearch", "ldapmodify", "ldapadd", "ldapdelete", "ldapwhoami", "ldappasswd",
                    "ldapcompare", "ldapmodrdn"), null, Set.of("-w"), false, false));

    /** Substrings one of which a text naming a tool of {@link #TOOLS} holds. */
    private static final String[] TOOL_HINTS = {"docker", "podman", "nerdctl", "buildah", "skopeo", "oras", "helm",
        "az", "curl", "sqlcmd", "bcp", "osql", "-cli", "sshpass", "mongo", "ldap"};

    private static boolean mayNameATool(String text) {
        for (String hint : TOOL_HINTS) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The tool named by a command word ({@code curl}, {@code /usr/bin/curl}, {@code "docker},
     * {@code cmd=docker} as an argument {@code KEY=VALUE} starts), or null.
     */
    private static Tool toolNamed(String word) {
        int start = Math.max(word.lastIndexOf('/'), word.lastIndexOf('=')) + 1;
        while (start < word.length() && "\"'`(".indexOf(word.charAt(start)) >= 0) {
            start++;
        }
        int end = word.length();
        while (end > start && "\"'`".indexOf(word.charAt(end - 1)) >= 0) {
            end--;
        }
        String name = word.substring(start, end);
        for (Tool tool : TOOLS) {
            if (tool.names().contains(name)) {
                return tool;
            }
        }
        return null;
    }

    /**
     * Where the passwords of {@link #TOOLS}' options are in the words of a command line: for each,
     * the index of its word and where in the word it starts (it runs to the word's end). Linear:
     * the words of a tool's command are read once; another tool named in them starts its own.
     */
    private static List<int[]> toolPasswords(List<String> words) {
        List<int[]> found = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            Tool tool = toolNamed(words.get(i));
            if (tool == null) {
                i++;
                continue;
            }
            boolean afterSubcommand = tool.subcommand() == null;
            int j = i + 1;
            for (; j < words.size(); j++) {
                String word = words.get(j);
                if (toolNamed(word) != null) {
                    break;
                }
                if (!afterSubcommand) {
                    afterSubcommand = word.equals(tool.subcommand());
                    continue;
                }
                if (word.length() < 2 || word.charAt(0) != '-') {
                    if (tool.optionsEndAtOperand()) {
                        j = words.size();
                        break;
                    }
                    continue;
                }
                int offset = passwordOffset(tool, word);
                if (offset >= 0) {
                    addPassword(found, tool, j, word, offset);
                } else if (offset == NEXT_WORD && j + 1 < words.size() && !words.get(j + 1).startsWith("-")) {
                    j++;
                    addPassword(found, tool, j, words.get(j), 0);
                } else if (offset == NEXT_WORD && j + 1 == words.size()) {
                    // the option ends the words: its value is on the next line (docker login -p\nPW)
                    found.add(new int[] {words.size(), tool.userAndPassword() ? 1 : 0});
                }
            }
            i = j;
        }
        return found;
    }

    private static final int NEXT_WORD = -2;

    /**
     * Where the password starts in an option word of {@code tool}: after {@code --password=} or
     * {@code -p}, {@link #NEXT_WORD} when the option is the whole word ({@code -p}, {@code --user},
     * or one-letter flags ending with it: {@code -su}), or -1 when the word is no password option.
     */
    private static int passwordOffset(Tool tool, String word) {
        if (tool.options().contains(word)) {
            return NEXT_WORD;
        }
        boolean longOption = word.startsWith("--");
        for (String option : tool.options()) {
            boolean longForm = option.startsWith("--");
            if (longOption && longForm && word.startsWith(option) && word.length() > option.length()
                    && word.charAt(option.length()) == '=') {
                return option.length() + 1;
            }
            if (!longOption && !longForm && word.startsWith(option)) {
                return option.length(); // glued: -pPW, -uadmin:PW
            }
        }
        if (longOption) {
            return -1;
        }
        for (int k = 1; k < word.length(); k++) {
            if (!isAsciiLetter(word.charAt(k))) {
                return -1;
            }
        }
        return tool.options().contains("-" + word.charAt(word.length() - 1)) ? NEXT_WORD : -1;
    }

    private static void addPassword(List<int[]> found, Tool tool, int wordIndex, String word, int offset) {
        if (tool.userAndPassword()) {
            int colon = word.indexOf(':', offset);
            if (colon < 0) {
                return; // curl -u user: the tool asks for the password
            }
            offset = colon + 1;
        }
        if (offset < word.length() && !isMasked(word, offset, word.length())) {
            found.add(new int[] {wordIndex, offset});
        }
    }

    /**
     * The passwords of the tools' options ({@link #TOOLS}) in each command of a text (commands end
     * at a line break, {@code |}, {@code ;} or {@code &}): {@code docker login -p ****}. A quoted
     * password runs to its closing quote, which stays.
     */
    private static String maskToolPasswords(String text) {
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int start = 0;
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        QuoteParity parity = new QuoteParity(text);
        while (start < length) {
            int end = start;
            while (end < length && "\n|;&".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            words.clear();
            starts.clear();
            for (int w = start; w < end;) {
                if (isRegexSpace(text.charAt(w))) {
                    w++;
                    continue;
                }
                int wordEnd = w;
                while (wordEnd < end && !isRegexSpace(text.charAt(wordEnd))) {
                    wordEnd++;
                }
                words.add(text.substring(w, wordEnd));
                starts.add(w);
                w = wordEnd;
            }
            parity.reset(start);
            for (int[] password : toolPasswords(words)) {
                int from;
                int to;
                char quote = 0;
                if (password[0] == words.size()) { // the first word of the next line
                    if (end >= length || text.charAt(end) != '\n') {
                        continue;
                    }
                    from = end + 1;
                    while (from < length && isHorizontalSpace(text.charAt(from))) {
                        from++;
                    }
                    to = from;
                    while (to < length && !isRegexSpace(text.charAt(to)) && "|;&".indexOf(text.charAt(to)) < 0) {
                        to++;
                    }
                    if (to == from || text.charAt(from) == '-' || isMasked(text, from, to)
                            || toolNamed(text.substring(from, to)) != null) { // the next command, no value
                        continue;
                    }
                    if (password[1] == 1) { // user:password
                        int colon = text.indexOf(':', from);
                        if (colon < 0 || colon + 1 >= to) {
                            continue;
                        }
                        from = colon + 1;
                    }
                } else {
                    from = starts.get(password[0]) + password[1];
                    String word = words.get(password[0]);
                    to = starts.get(password[0]) + word.length();
                    quote = openQuote(word, password[1]);
                }
                if (from < copied) {
                    continue;
                }
                if (quote != 0) { // to the closing quote on the line, spaces included; the quotes stay
                    if (text.charAt(from) == quote) {
                        from++;
                    }
                    int close = from;
                    while (close < length && text.charAt(close) != quote && text.charAt(close) != '\n') {
                        close++;
                    }
                    to = close < length && text.charAt(close) == quote ? close : to;
                } else if (password[0] < words.size()) {
                    to = parity.beforeClosingQuote(from, to); // 'sshpass -p PW'; run …: the quote stays
                }
                if (to <= from) {
                    continue;
                }
                if (out == null) {
                    out = new StringBuilder(length);
                }
                out.append(text, copied, from).append(MASK);
                copied = to;
            }
            start = end + 1;
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    /**
     * Which quotes are open at a position of a line (a message quoting what the user typed: {@code
     * no deployment has id 'sshpass -p PW'; run …}), counted forward once per line however many
     * positions are asked for, in increasing order.
     */
    private static final class QuoteParity {
        private final String text;
        private int counted;
        private boolean single;
        private boolean dbl;
        private boolean backtick;

        QuoteParity(String text) {
            this.text = text;
        }

        void reset(int lineStart) {
            counted = lineStart;
            single = false;
            dbl = false;
            backtick = false;
        }

        private void countTo(int index) {
            for (; counted < index; counted++) {
                char c = text.charAt(counted);
                single ^= c == '\'';
                dbl ^= c == '"';
                backtick ^= c == '`';
            }
        }

        /**
         * The end of a bare value {@code text[from, to)}: before a quote in it that closes one open
         * before {@code from}, when only quotes and punctuation ({@code ' ; . , : ! ? ) ] } >}) follow
         * it in the word; else {@code to}.
         */
        int beforeClosingQuote(int from, int to) {
            countTo(from);
            for (int k = from; k < to; k++) {
                char c = text.charAt(k);
                boolean closes = c == '\'' ? single : c == '"' ? dbl : c == '`' && backtick;
                if (closes) {
                    int rest = k + 1;
                    while (rest < to && "'\"`;.,:!?)]}>".indexOf(text.charAt(rest)) >= 0) {
                        rest++;
                    }
                    if (rest == to) {
                        return k;
                    }
                }
            }
            return to;
        }
    }

    /**
     * The quote a tool's password is in ({@code -p 'PW'}, {@code -u 'user:PW'}, {@code
     * --password="PW"}): the one at {@code offset}, else one opened before it in the word; 0 when none.
     */
    private static char openQuote(String word, int offset) {
        if (offset < word.length() && (word.charAt(offset) == '"' || word.charAt(offset) == '\'')) {
            return word.charAt(offset);
        }
        for (char quote : new char[] {'"', '\''}) {
            int count = 0;
            for (int i = 0; i < offset && i < word.length(); i++) {
                count += word.charAt(i) == quote ? 1 : 0;
            }
            if (count % 2 == 1) {
                return quote;
            }
        }
        return 0;
    }

    /**
     * A command's arguments (one word each, as a process gets them) with the passwords of the
     * options of well-known tools masked ({@code docker login -p PW}, {@code curl -u user:PW},
     * {@code sqlcmd -P PW}, {@code redis-cli -a PW}, {@code sshpass -p PW}, {@code mongosh -p PW},
     * {@code az login -p PW}, {@code ldapsearch -w PW}); nothing else is changed. For an argument
     * list that is logged as it is (each argument is then masked by {@link #maskText} too).
     */
    public static List<String> maskToolArguments(List<String> arguments) {
        List<int[]> passwords = toolPasswords(arguments);
        if (passwords.isEmpty()) {
            return arguments;
        }
        List<String> masked = new ArrayList<>(arguments);
        for (int[] password : passwords) {
            if (password[0] >= masked.size()) {
                continue; // a value on a next line: an argument list has none
            }
            String word = masked.get(password[0]);
            masked.set(password[0], word.substring(0, password[1]) + MASK);
        }
        return masked;
    }

    /** The protocols of a Go MySQL driver's DSN ({@code user:pw@tcp(host:3306)/db}). */
    private static final List<String> GO_DSN_PROTOCOLS = List.of("tcp(", "tcp4(", "tcp6(", "unix(", "udp(");

    /**
     * The password of a Go MySQL driver's DSN ({@code root:PW@tcp(h:3306)/app}, {@code
     * user:PW@unix(/path)/db}, and without a protocol, the driver's default {@code tcp(127.0.0.1:3306)}:
     * {@code root:PW@/app}, {@code user:PW@/app?charset=utf8}): from the first {@code :} of the word
     * to the {@code @} before the protocol or the {@code /} of the database. Without a protocol, the
     * user holds no {@code /} (a path's {@code a/b:c@/d} is no DSN). Linear: the word is read back
     * only to the previous DSN's {@code @}.
     */
    private static String maskGoDsnPasswords(String text) {
        StringBuilder out = null;
        int copied = 0;
        int floor = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            boolean protocol = text.startsWith("/", at + 1);
            boolean noProtocol = protocol;
            for (String name : GO_DSN_PROTOCOLS) {
                protocol |= text.startsWith(name, at + 1);
            }
            if (!protocol) {
                continue;
            }
            int start = at;
            while (start > floor && !isRegexSpace(text.charAt(start - 1)) && "\"'`".indexOf(text.charAt(start - 1)) < 0) {
                start--;
            }
            floor = at + 1;
            int colon = start;
            int equals = -1; // DSN=root:pw@tcp(…): the user starts after the name's =
            while (colon < at && text.charAt(colon) != ':') {
                equals = text.charAt(colon) == '=' ? colon : equals;
                colon++;
            }
            if (colon >= at || noProtocol && text.substring(start, colon).indexOf('/') >= 0) {
                continue;
            }
            if (colon + 1 >= at || isMasked(text, colon + 1, at) || colon < copied) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, colon + 1).append(MASK);
            copied = at;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** A Discord webhook's URL: its id is kept, its token masked. */
    private static final Pattern DISCORD_WEBHOOK = Pattern.compile(
            "(discord(?:app)?\\.com/api/(?:v\\d{1,2}/)?webhooks/\\d{5,30}/)[A-Za-z0-9_-]+");

    private static final Pattern AWS_KEY_ID = Pattern.compile("\\b(?:AKIA|ASIA)[A-Z0-9]{16}\\b");
    /** How far after an AWS key id its secret access key is looked for (on the same line or the next). */
    private static final int AWS_SECRET_REACH = 200;

    /**
     * An AWS secret access key written after its key id without a name ({@code AKIA… wJalr…}, a
     * credentials CSV's {@code AKIA…,wJalr…}, or the key id and the secret on two lines, as a
     * console's "show" prints them): a word of 40 base64 characters on the same line or the next,
     * within {@value #AWS_SECRET_REACH} characters, is masked (the key id by the token shapes).
     */
    private static String maskAwsSecretKeys(String text) {
        Matcher id = AWS_KEY_ID.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int scanned = 0; // what an earlier id's look read is not read again
        while (id.find()) {
            int limit = id.end() + AWS_SECRET_REACH;
            int i = Math.max(id.end(), scanned);
            int breaks = 0; // line breaks passed since the id: the look stops at the end of the next line
            for (int k = id.end(); k < i && k < limit; k++) {
                breaks += text.charAt(k) == '\n' ? 1 : 0;
            }
            while (i < limit && i < text.length()) {
                if (text.charAt(i) == '\n' && ++breaks > 1) {
                    break;
                }
                if (!isAwsSecretChar(text.charAt(i))) {
                    i++;
                    continue;
                }
                int end = i;
                while (end < text.length() && isAwsSecretChar(text.charAt(end))) {
                    end++;
                }
                if (end - i == 40 && (i == 0 || !isAwsSecretChar(text.charAt(i - 1)))) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, i).append(MASK);
                    copied = end;
                }
                i = end;
            }
            scanned = Math.max(scanned, i);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isAwsSecretChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '/' || c == '+';
    }

    /** {@code \s} of java.util.regex: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    /** The ASCII letters (lower-cased) and digits of {@code text}, nothing else. */
    private static String squashAscii(String text) {
        StringBuilder squashed = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                squashed.append((char) (c + ('a' - 'A')));
            } else if (isLowerAlnum(c)) {
                squashed.append(c);
            }
        }
        return squashed.toString();
    }

    /** Whether {@code text} holds the literal start of one of {@link #TOKEN_SHAPES}' alternatives. */
    private static boolean mayHoldTokenShape(String text) {
        for (int i = 0; i < text.length(); i++) {
            boolean found = switch (text.charAt(i)) {
                case 'A' -> text.startsWith("KIA", i + 1) || text.startsWith("SIA", i + 1) || text.startsWith("BIA", i + 1)
                        || text.startsWith("CCA", i + 1) || text.startsWith("GPA", i + 1) || text.startsWith("IDA", i + 1)
                        || text.startsWith("ROA", i + 1) || text.startsWith("IPA", i + 1) || text.startsWith("NPA", i + 1)
                        || text.startsWith("NVA", i + 1) || text.startsWith("PKA", i + 1) || text.startsWith("Iza", i + 1);
                case 'g' -> text.startsWith("h", i + 1) || text.startsWith("lpat-", i + 1)
                        || text.startsWith("ithub_pat_", i + 1);
                case 'x' -> text.startsWith("ox", i + 1) || text.startsWith("app-", i + 1);
                case 'p' -> text.startsWith("ypi-", i + 1);
                case 'h' -> text.startsWith("ooks.slack.com/", i + 1) || text.startsWith("f_", i + 1);
                case 'd' -> text.startsWith("op_v1_", i + 1) || text.startsWith("oo_v1_", i + 1)
                        || text.startsWith("or_v1_", i + 1);
                case 'y' -> text.startsWith("a29.", i + 1);
                case 'G' -> text.startsWith("OCSPX-", i + 1);
                case '_' -> text.startsWith("live_", i + 1) || text.startsWith("test_", i + 1);
                case 'w' -> text.startsWith("hsec_", i + 1);
                case 'n' -> text.startsWith("pm_", i + 1);
                case 's' -> text.startsWith("k-", i + 1) || text.startsWith("hp", i + 1);
                case 'S' -> text.startsWith("G.", i + 1);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    /**
     * Names of a text's parameters that hold a credential though no key is named so: Azure SAS's
     * {@code sig}, the signature of an S3, Cloud Storage or CloudFront presigned URL (its
     * {@code X-Amz-Credential} and {@code X-Amz-Security-Token} are secret names already).
     */
    private static final Set<String> SECRET_PARAMETERS = Set.of("sig", "signature", "x-amz-signature",
            "x-goog-signature");
    /**
     * Endings (squashed) of a secret word that may be followed by its value after a space, as on a
     * command line ({@code --password hunter2}) or in prose ({@code token ab12…}).
     */
    private static final List<String> WORDS_BEFORE_A_VALUE = List.of("password", "passwd", "pwd", "passphrase",
            "secret", "token", "apikey", "secretkey", "accesskey");

    /** A value found after a secret name: where it is, and what replaces it. */
    private record Value(int start, int end, String replacement) {}

    /**
     * Every value after a secret name ({@link #isSecretKey}) masked: {@code NAME=value},
     * {@code NAME: value}, {@code NAME => value}, {@code NAME := value}, the name optionally quoted
     * ({@code "NAME"}, {@code 'NAME'}, {@code \"NAME\"}), the value bare, quoted (double, single or
     * escaped {@code \"…\"}), or in braces; {@code <NAME>value<}; and {@code NAME value} for the
     * secret words of {@link #WORDS_BEFORE_A_VALUE} when the value looks like a credential.
     *
     * <p>A hand-written scan, linear in the text: each run of name characters is read once, a
     * non-secret name's value is not read (a secret name may be inside it), and a quote that never
     * closes is looked for once ({@link QuoteEnds}).
     */
    private static String maskAssignments(String text) {
        int length = text.length();
        QuoteEnds quotes = new QuoteEnds(text);
        StringBuilder out = null;
        int copied = 0;
        int i = 0;
        while (i < length) {
            if (!isNameChar(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < length && isNameChar(text.charAt(runEnd))) {
                runEnd++;
            }
            int nameStart = i; // a name starts with a letter or _ (the digits, dots and dashes before are not part of it)
            if (i > 0 && text.charAt(i - 1) == '%') { // %3Fsig%3D…, %26X-Amz-Signature%3D…: the escape is no part
                nameStart = Math.min(runEnd, i + (text.startsWith("25", i) ? 4 : 2));
            }
            while (nameStart < runEnd && !(isAsciiLetter(text.charAt(nameStart)) || text.charAt(nameStart) == '_')) {
                nameStart++;
            }
            i = runEnd;
            if (nameStart == runEnd) {
                continue;
            }
            String name = text.substring(nameStart, runEnd);
            if (isArnStart(text, nameStart, name)) { // arn:aws:secretsmanager:…:secret:prod/db: names a secret
                i = Math.max(runEnd, bareEnd(text, nameStart));
                continue;
            }
            Value value = secretValue(text, nameStart, runEnd, name, quotes);
            if (value == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(length);
            }
            out.append(text, copied, value.start()).append(value.replacement());
            copied = value.end();
            i = value.end();
        }
        return out == null ? text : out.append(text, copied, length).toString();
    }

    private static boolean isNameChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_' || c == '.' || c == '-';
    }

    /** The value to mask after the name {@code text[nameStart, nameEnd)}, or null when there is none. */
    private static Value secretValue(String text, int nameStart, int nameEnd, String name, QuoteEnds quotes) {
        boolean parameter = SECRET_PARAMETERS.contains(name.toLowerCase(Locale.ROOT));
        if (!parameter && !isSecretKey(name)) {
            return null;
        }
        int length = text.length();
        int p = nameEnd;
        if (nameStart > 0 && text.charAt(nameStart - 1) == '<' && p < length && text.charAt(p) == '>') {
            int close = text.indexOf('<', p + 1);
            int end = close < 0 ? lineEnd(text, p + 1) : close;
            return end > p + 1 && !isMasked(text, p + 1, end) ? new Value(p + 1, end, MASK) : null;
        }
        int encoded = encodedEqualsLength(text, p);
        if (encoded > 0) { // a query inside a URL-encoded one: X-Amz-Signature%3D…%26, password%253D…
            int v = p + encoded;
            int end = bareEnd(text, v);
            for (int k = v; k + 2 < end; k++) {
                if (text.charAt(k) == '%' && text.charAt(k + 1) == '2' && (text.charAt(k + 2) == '6'
                        || text.charAt(k + 2) == '5' && k + 4 < end && text.startsWith("26", k + 3))) {
                    end = k; // %26 (or %2526): the next parameter
                }
            }
            return end > v && !isMasked(text, v, end) ? new Value(v, end, MASK) : null;
        }
        if (p < length && (text.charAt(p) == '"' || text.charAt(p) == '\'')) {
            p++;
        } else if (p + 1 < length && text.charAt(p) == '\\' && (text.charAt(p + 1) == '"' || text.charAt(p + 1) == '\'')) {
            p += 2;
        }
        int separator = p;
        while (separator < length && isRegexSpace(text.charAt(separator))) {
            separator++;
        }
        if (separator < length && (text.charAt(separator) == '=' || text.charAt(separator) == ':')) {
            boolean equals = text.charAt(separator) == '=';
            if (!equals && nameStart >= 3 && text.startsWith("://", nameStart - 3)) {
                return null; // a URL's user info (https://x-access-token:…@host): maskUrlPassword's
            }
            int v = separator + 1;
            if (v < length && text.charAt(v) == (equals ? '>' : '=')) {
                v++; // => and :=
            } else if (parameter && !equals) {
                return null;
            }
            while (v < length && isRegexSpace(text.charAt(v))) {
                v++;
            }
            Value value = valueAt(text, v, quotes);
            if (value == null || isMasked(text, value.start(), value.end()) || schemeBeforeMask(text, nameStart, value)
                    || isPathNotSecret(name, unquoted(text.substring(value.start(), value.end())))) {
                return null;
            }
            return value;
        }
        // NAME value: a secret word, spaces (a no-break space too, not a line break), a credential-looking word
        if (p != nameEnd || parameter || p >= length || !isHorizontalSpace(text.charAt(p))) {
            return null;
        }
        String squashedName = squash(name.toLowerCase(Locale.ROOT));
        // "pass S59pw" (pass as a password, not "pass the test"), "the api key is S56…" (two words)
        boolean pass = lastWord(name).stream().anyMatch(word -> word.endsWith("pass")); // pass, db_pass, -storepass
        if (!pass && !endsWithWordBeforeValue(squashedName)
                && !(squashedName.equals("key") && isKeyKindBefore(text, nameStart))) {
            return null;
        }
        int v = p;
        while (v < length && isHorizontalSpace(text.charAt(v))) {
            v++;
        }
        int afterVerb = pass ? v : afterIs(text, v);
        // "the password is X", "passwd X": any word but prose ("password is wrong") is the password
        boolean prose = afterVerb > v || squashedName.equals("passwd");
        if (afterVerb > v) {
            v = afterVerb;
        }
        Value value = valueAt(text, v, quotes);
        if (value == null || isMasked(text, value.start(), value.end())) {
            return null;
        }
        if (value.replacement().equals(MASK)) { // bare: trailing sentence punctuation stays, and only a credential
            int end = value.end();
            while (end > value.start() && ".!?):".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            // "JWT_SECRET (@secret/jwt-secret)", "token @app/api.key": an aside or a reference, no credential
            String word = text.substring(value.start(), end);
            if (!(prose ? isProseCredential(word) : pass ? looksLikeAPass(word) : looksLikeCredential(word))
                    || end == value.start() || "([<@".indexOf(text.charAt(value.start())) >= 0) {
                return null;
            }
            return new Value(value.start(), end, MASK);
        }
        if (pass && !looksLikeAPass(text.substring(value.start(), value.end()).replace("\\\"", "").replace("\"", "")
                .replace("'", ""))) {
            return null; // pass "the test"
        }
        return value;
    }

    /** {@code text} without its quotes ({@code "…"}, {@code '…'}, {@code \"…\"}). */
    private static String unquoted(String text) {
        return text.replace("\\\"", "").replace("\"", "").replace("'", "");
    }

    /** Whether an AWS ARN ({@code arn:aws:…}, {@code arn:aws-cn:…}, {@code arn:aws-us-gov:…}) starts with {@code name}. */
    private static boolean isArnStart(String text, int nameStart, String name) {
        return name.equals("arn") && text.startsWith(":aws", nameStart + 3)
                && (text.startsWith(":aws:", nameStart + 3) || text.startsWith(":aws-", nameStart + 3));
    }

    /** Last words of a secret name that name where the secret is, not the secret ({@code secretName}, {@code PASSWORD_FILE}). */
    private static final Set<String> LOCATION_WORDS = Set.of("file", "path", "dir", "name", "id", "ref", "arn",
            "location");
    /** Top directories of a path that is a system's or a container's file, never a password ({@code /etc/passwd}). */
    private static final Set<String> PATH_ROOTS = Set.of("etc", "run", "var", "home", "usr", "opt", "tmp", "mnt", "srv",
            "root", "dev", "proc", "sys", "secrets", "vault", "config", "workspace", "app", "data");

    /**
     * Whether a value under the secret name {@code name} is where a secret is rather than a secret:
     * a path under a system's top directory ({@code passwd: /etc/passwd}, {@code password:
     * /run/secrets/db}), or, under a name ending in file, path, dir, name, id, ref, arn or location
     * ({@code PASSWORD_FILE}, {@code secretName}, {@code secret_arn}), an absolute path, an AWS ARN
     * or a Google Cloud resource name ({@code projects/p/secrets/db-pass}). No space in it.
     */
    static boolean isPathNotSecret(String name, String value) {
        if (value.length() < 2 || value.length() > 1024) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (breaksUrl(value.charAt(i))) {
                return false;
            }
        }
        if (value.charAt(0) == '/') {
            int slash = value.indexOf('/', 1);
            String root = slash < 0 ? value.substring(1) : value.substring(1, slash);
            if (slash > 1 && PATH_ROOTS.contains(root)) {
                return true;
            }
        }
        if (!LOCATION_WORDS.containsAll(lastWord(name)) || lastWord(name).isEmpty()) {
            return false;
        }
        return (value.charAt(0) == '/' && value.length() > 1 && value.charAt(1) != '/') || value.startsWith("~/")
                || value.startsWith("arn:aws:") || value.startsWith("arn:aws-")
                || (value.startsWith("projects/") && value.indexOf('/', "projects/".length()) > 0);
    }

    /** The length of a URL-encoded {@code =} at {@code p} ({@code %3D}, or {@code %253D} encoded twice), else 0. */
    private static int encodedEqualsLength(String text, int p) {
        if (text.regionMatches(true, p, "%3D", 0, 3)) {
            return 3;
        }
        return text.regionMatches(true, p, "%253D", 0, 5) ? 5 : 0;
    }

    /**
     * Where the value starts after {@code is} or {@code was} (any case, an optional colon) and
     * spaces at {@code v}, as in {@code the password is hunter2}; {@code v} when there is no such verb.
     */
    private static int afterIs(String text, int v) {
        int length = text.length();
        int end = v;
        while (end < length && isAsciiLetter(text.charAt(end)) && end - v < 3) {
            end++;
        }
        String verb = text.substring(v, end).toLowerCase(Locale.ROOT);
        if (!verb.equals("is") && !verb.equals("was")) {
            return v;
        }
        if (end < length && text.charAt(end) == ':') {
            end++;
        }
        int value = end;
        while (value < length && isHorizontalSpace(text.charAt(value))) {
            value++;
        }
        // one line break may come between: "the password is\nU01pw", as a message wraps
        int lineBreak = text.startsWith("\r\n", value) ? 2 : value < length && text.charAt(value) == '\n' ? 1 : 0;
        if (lineBreak > 0) {
            value += lineBreak;
            while (value < length && isHorizontalSpace(text.charAt(value))) {
                value++;
            }
        }
        return value > end && value < length && !isRegexSpace(text.charAt(value)) ? value : v;
    }

    /** A space or tab, or a no-break space (U+00A0, U+2007, U+202F: prose pasted from a page or a chat). */
    private static boolean isHorizontalSpace(char c) {
        return c == ' ' || c == '\t' || c == '\u00a0' || c == '\u2007' || c == '\u202f';
    }

    /** The last word of a name ({@link #words}), as a list of one (empty when the name has none). */
    private static List<String> lastWord(String name) {
        List<String> words = words(name);
        return words.isEmpty() ? List.of() : List.of(words.get(words.size() - 1));
    }

    /** Kinds of key whose value follows "… key" in prose: {@code the api key is …}, {@code secret key …}. */
    private static final Set<String> SECRET_KEY_KINDS = Set.of("api", "access", "secret");

    /**
     * Whether the word before {@code key} at {@code keyStart} (spaces between) is api, access or
     * secret ({@link #SECRET_KEY_KINDS}), in any case. Reads back at most a few characters.
     */
    private static boolean isKeyKindBefore(String text, int keyStart) {
        int end = keyStart;
        while (end > 0 && keyStart - end < 3 && isHorizontalSpace(text.charAt(end - 1))) {
            end--;
        }
        if (end == keyStart) {
            return false;
        }
        int start = end;
        while (start > 0 && end - start < 7 && isAsciiLetter(text.charAt(start - 1))) {
            start--;
        }
        return (start == 0 || !isAsciiLetter(text.charAt(start - 1)))
                && SECRET_KEY_KINDS.contains(text.substring(start, end).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether the word after "pass" is a password rather than prose ({@code pass the test}, {@code
     * pass 100ms}, {@code pass $PW}, {@code pass -x}): letters and digits both, and mixed cases, a
     * symbol, or 10 characters or more ({@code S59pw}, {@code s3cr3t!}, {@code abcdef123456}).
     */
    private static boolean looksLikeAPass(String word) {
        if (word.isEmpty() || "-$/%{<".indexOf(word.charAt(0)) >= 0) {
            return false;
        }
        boolean letter = false;
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        boolean symbol = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            digit |= Character.isDigit(c);
            letter |= Character.isLetter(c);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
            symbol |= !Character.isLetterOrDigit(c) && "-._'".indexOf(c) < 0;
        }
        return letter && digit && ((upper && lower) || symbol || word.length() >= 10);
    }

    /**
     * Words that follow "password is", "token was" or "passwd" in prose and are no credential:
     * {@code password is wrong}, {@code the secret is out}, {@code passwd file}. Any other word
     * there is taken for the credential (better masked than leaked).
     */
    private static final Set<String> PROSE_AFTER_A_SECRET_WORD = Set.of("a", "an", "the", "not", "no", "none", "null",
            "nil", "empty", "blank", "missing", "required", "needed", "invalid", "incorrect", "wrong", "correct", "valid",
            "malformed", "expired", "expiring", "revoked", "rejected", "accepted", "set", "unset", "changed", "updated",
            "reset", "rotated", "stored", "saved", "hidden", "masked", "redacted", "shown", "too", "very", "still", "now",
            "being", "been", "also", "only", "must", "should", "will", "can", "cannot", "may", "for", "of", "to", "in",
            "on", "at", "by", "from", "with", "without", "and", "or", "but", "that", "this", "it", "file", "files",
            "command", "entry", "field", "prompt", "policy", "length", "weak", "strong", "short", "long", "ok", "okay",
            "good", "bad", "unknown", "same", "different", "protected", "encrypted", "known", "out", "here", "there",
            "used", "unused", "optional", "generated", "provided", "given", "configured", "specified", "ignored",
            "sent", "read", "written", "found", "available", "unavailable", "your", "my", "our", "their", "its",
            "defined", "undefined", "true", "false", "enabled", "disabled", "mounted", "created", "deleted", "present",
            "absent", "active", "inactive", "ready", "pending", "case", "sensitive", "longer", "shorter", "stale",
            "fine", "over", "under", "done", "gone", "up", "off", "as", "than", "like", "all", "any", "each",
            "every", "one", "two", "more", "less", "never", "always", "usually", "already", "currently", "probably");

    /** Whether a word after "password is" or "passwd" is the credential: not prose, no option or path, some letter or digit. */
    private static boolean isProseCredential(String word) {
        if (word.isEmpty() || word.charAt(0) == '-' || word.charAt(0) == '/'
                || PROSE_AFTER_A_SECRET_WORD.contains(word.toLowerCase(Locale.ROOT))) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (Character.isLetterOrDigit(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithWordBeforeValue(String squashedName) {
        for (String word : WORDS_BEFORE_A_VALUE) {
            if (squashedName.endsWith(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a word after a secret word is a credential rather than prose: it holds a digit or a
     * symbol (an apostrophe aside), mixes cases after its first letter ({@code hUnter}, {@code
     * SEKRETv}), or is 16 characters or more. {@code token expired}, {@code password is wrong},
     * {@code Token EXPIRED} keep their word.
     */
    static boolean looksLikeCredential(String word) {
        if (word.length() >= 16) {
            return true;
        }
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (Character.isDigit(c) || (!Character.isLetter(c) && c != '\'')) {
                return true;
            }
            if (i > 0) {
                upper |= Character.isUpperCase(c);
                lower |= Character.isLowerCase(c);
            }
        }
        return upper && lower;
    }

    /** The value starting at {@code v}: quoted, escaped-quoted, in braces, or bare; null when there is none. */
    private static Value valueAt(String text, int v, QuoteEnds quotes) {
        int length = text.length();
        if (v >= length) {
            return null;
        }
        char first = text.charAt(v);
        if (first == '"' || first == '\'') {
            int close = first == '"' ? quotes.doubleQuoteEnd(v + 1) : quotes.singleQuoteEnd(v + 1);
            return close >= 0 ? new Value(v, close + 1, first + MASK + first)
                    : new Value(v, Math.max(lineEnd(text, v + 1), v + 1), first + MASK); // never closes: the line
        }
        if (first == '\\' && v + 1 < length && text.charAt(v + 1) == '"') {
            int close = quotes.escapedQuoteEnd(v + 2);
            return close >= 0 ? new Value(v, close + 1, "\\\"" + MASK + "\\\"")
                    : new Value(v, Math.max(lineEnd(text, v + 2), v + 2), "\\\"" + MASK);
        }
        if (text.startsWith(MASK, v) && v + MASK.length() < length && text.charAt(v + MASK.length()) == ':'
                && (v + MASK.length() + 1 == length || isRegexSpace(text.charAt(v + MASK.length() + 1)))) {
            return new Value(v, v + MASK.length(), MASK); // masked already, a colon ending its clause: kept
        }
        if (first == '{') {
            int close = quotes.braceEnd(v + 1);
            if (close >= 0) {
                return new Value(v, close + 1, "{" + MASK + "}");
            }
        }
        int end = bareEnd(text, v);
        return end > v ? new Value(v, end, MASK) : null;
    }

    /**
     * The end of a bare value: to a space, {@code &}, {@code ;}, {@code ,}, <code>}</code> or
     * {@code ]}; a quote inside the value does not end it ({@code password=s3'cr"et&}), quotes at
     * its end are not part of it.
     */
    private static int bareEnd(String text, int v) {
        int length = text.length();
        int i = v;
        if (i >= length || endsBareValue(text.charAt(i)) || text.charAt(i) == '"' || text.charAt(i) == '\'') {
            return v;
        }
        while (i < length) {
            char c = text.charAt(i);
            if (endsBareValue(c)) {
                break;
            }
            if (c == '"' || c == '\'') {
                int j = i;
                while (j < length && (text.charAt(j) == '"' || text.charAt(j) == '\'')) {
                    j++;
                }
                int k = j; // a quote and sentence punctuation end a message's quoted text: 'PGPASSWORD=x'.
                while (k < length && ".:!?)".indexOf(text.charAt(k)) >= 0) {
                    k++;
                }
                if (j < length && !endsBareValue(text.charAt(j)) && !(k > j && (k == length || endsBareValue(text.charAt(k))))) {
                    i = j;
                    continue;
                }
                break;
            }
            i++;
        }
        return i;
    }

    private static boolean endsBareValue(char c) {
        return isRegexSpace(c) || c == '&' || c == ';' || c == ',' || c == '}' || c == ']';
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    /** Whether {@code text[start, end)} is a mask already (bare or quoted). */
    private static boolean isMasked(String text, int start, int end) {
        String value = text.substring(start, end);
        String unquoted = value.replace("\\\"", "").replace("\"", "").replace("'", "");
        return unquoted.equals(MASK) || unquoted.equals(SENSITIVE);
    }

    /**
     * Where quoted values end, each kind looked for to the end of the text at most once: once a
     * search found no end, a later one of the same kind finds none either (it starts inside what
     * the first read as the string), so a text of many unclosed quotes is read once.
     */
    private static final class QuoteEnds {
        private final String text;
        private int noDoubleEndFrom = Integer.MAX_VALUE;
        private int noSingleEndFrom = Integer.MAX_VALUE;
        private int noEscapedEndFrom = Integer.MAX_VALUE;
        private int noBraceEndFrom = Integer.MAX_VALUE;

        QuoteEnds(String text) {
            this.text = text;
        }

        /** The {@code "} ending a string whose content starts at {@code from} (backslash escapes), or -1. */
        int doubleQuoteEnd(int from) {
            if (from >= noDoubleEndFrom) {
                return -1;
            }
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    return i;
                }
            }
            noDoubleEndFrom = from;
            return -1;
        }

        /** The {@code '} ending a string starting at {@code from} ({@code ''} and a shell's {@code '\''} inside), or -1. */
        int singleQuoteEnd(int from) {
            if (from >= noSingleEndFrom) {
                return -1;
            }
            for (int i = text.indexOf('\'', from); i >= 0; i = text.indexOf('\'', i + 1)) {
                if (text.startsWith("''", i)) {
                    i++;
                } else if (text.startsWith("'\\''", i)) {
                    i += 3;
                } else {
                    return i;
                }
            }
            noSingleEndFrom = from;
            return -1;
        }

        /**
         * The {@code "} of the {@code \"} ending an escaped string (JSON inside a JSON or shell
         * string, {@code {\"password\":\"…\"}}) starting at {@code from}, or -1: a quote after
         * 1, 5, 9… backslashes ends it; after 3, 7… it is a quote of the value.
         */
        int escapedQuoteEnd(int from) {
            if (from >= noEscapedEndFrom) {
                return -1;
            }
            int backslashes = 0;
            for (int i = from; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' && backslashes % 4 == 1) {
                    return i;
                }
                backslashes = c == '\\' ? backslashes + 1 : 0;
            }
            noEscapedEndFrom = from;
            return -1;
        }

        int braceEnd(int from) {
            if (from >= noBraceEndFrom) {
                return -1;
            }
            int close = text.indexOf('}', from);
            if (close < 0) {
                noBraceEndFrom = from;
            }
            return close;
        }
    }

    /** Whether the value is an authentication scheme whose credential is masked already ("Basic ****"). */
    private static boolean schemeBeforeMask(String text, int nameStart, Value value) {
        int end = value.end();
        return end + 1 < text.length() && text.startsWith(MASK, end + 1) && Character.isWhitespace(text.charAt(end))
                && SCHEME_CREDENTIAL.matcher(text.substring(nameStart, end) + " x").lookingAt();
    }

    private static final Pattern BATCH_ENTRY = Pattern.compile("Batch entry \\d++ ");
    private static final String ABORTED = " was aborted";
    // to the end of the line: the values may hold parentheses
    private static final Pattern FAILING_ROW = Pattern.compile("(Failing row contains ).*");

    /**
     * A database driver's message as it may be shown or logged: without the values of the failing
     * statement (pgjdbc's "Batch entry N INSERT … VALUES (…) was aborted", PostgreSQL's "Failing row
     * contains (…)" and "Key (…)=(…) already exists" hold a row's values, such as a config's
     * password), then masked by {@link #maskText}. Linear in the message's length, like
     * {@link #maskText}.
     */
    public static String maskDatabaseMessage(String message) {
        if (message == null) {
            return null;
        }
        String scrubbed = withoutBatchStatements(message);
        scrubbed = FAILING_ROW.matcher(scrubbed).replaceAll("$1(values not shown)");
        scrubbed = withoutKeyValues(scrubbed);
        return maskText(scrubbed);
    }

    /** "Batch entry N … was aborted" without what is between (the statement and its values). */
    private static String withoutBatchStatements(String message) {
        Matcher entry = BATCH_ENTRY.matcher(message);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (entry.find(from)) {
            int aborted = message.indexOf(ABORTED, entry.end());
            if (aborted < 0) {
                break; // no later entry is followed by one either
            }
            if (out == null) {
                out = new StringBuilder(message.length());
            }
            out.append(message, copied, entry.end()).append("(statement not shown)").append(ABORTED);
            copied = aborted + ABORTED.length();
            from = copied;
        }
        return out == null ? message : out.append(message, copied, message.length()).toString();
    }

    /** In each line, what follows PostgreSQL's "Key (columns)=" (the values) replaced by "(values not shown)". */
    private static String withoutKeyValues(String message) {
        StringBuilder out = null;
        int copied = 0;
        int key = message.indexOf("Key (");
        while (key >= 0) {
            int lineEnd = lineEnd(message, key);
            int equals = key;
            while (equals + 1 < lineEnd && !(message.charAt(equals) == ')' && message.charAt(equals + 1) == '=')) {
                equals++;
            }
            int next = lineEnd;
            if (equals + 1 < lineEnd) {
                if (out == null) {
                    out = new StringBuilder(message.length());
                }
                out.append(message, copied, equals + 2).append("(values not shown)");
                copied = lineEnd;
            }
            key = next < message.length() ? message.indexOf("Key (", next) : -1;
        }
        return out == null ? message : out.append(message, copied, message.length()).toString();
    }

    /** {@code user:password@host} without a scheme, as a resolver's message quotes a URL's authority. */
    private static final Pattern BARE_AUTHORITY = Pattern.compile(
            "(?<![A-Za-z0-9._%+:/-])([A-Za-z0-9._%+-]++:)[^\\s/@]++(?:@[^\\s/@]++)*(?=@[A-Za-z0-9\\[])");

    /**
     * {@code failure}'s stack trace as {@link Throwable#printStackTrace()} prints it, every cause's
     * message included, masked: by {@link #maskText}, and the password of an authority without its
     * scheme ({@code UnknownHostException: user:pw@host}, how the JDK names the host of a URL whose
     * password it could not tell apart) becomes {@value #MASK}. For {@code --debug}.
     */
    public static String maskStackTrace(Throwable failure) {
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace, true));
        String masked = maskText(trace.toString());
        return masked.indexOf('@') < 0 ? masked : BARE_AUTHORITY.matcher(masked).replaceAll("$1" + MASK);
    }

    /**
     * {@code postgresql://user:pw@host/db} becomes {@code postgresql://user:****@host/db}: scheme,
     * user and host stay readable, the password is masked whole, whatever it holds. It runs from
     * after {@code user:} to the last {@code @} of the URL, which is:
     * <ul>
     *   <li>in a quoted string (the URL right after an unescaped {@code "} or {@code '}, as in JSON
     *       or a shell word), the last {@code @} before the closing quote, spaces included, if that
     *       quote ends the string (followed by the end, a space, or one of <code>, ; : ) ] } &gt; &amp;</code>);</li>
     *   <li>in a text that is the URL itself (an output value), the last {@code @} of the text
     *       whose host has no space, spaces in the password included;</li>
     *   <li>else the last {@code @} before the first space: quotes, {@code <>}, {@code `},
     *       {@code /}, {@code :}, {@code @}, {@code %xx} and any non-ASCII character belong to the
     *       password. A password with a space in free text is masked to the space only (such a
     *       URL is not valid, and running on would swallow the prose after a {@code host:port}).</li>
     * </ul>
     * When unsure it masks more (up to a later {@code @}), never less.
     */
    public static String maskUrlPassword(String text) {
        int separator = text.indexOf("://");
        StringBuilder out = null;
        int copied = 0;
        Run run = new Run(text);
        while (separator >= 0) {
            int next = separator + 3;
            int schemeStart = schemeStart(text, separator, copied);
            int colon = schemeStart < 0 ? -1 : userEnd(text, separator + 3);
            int maskFrom = colon + 1;
            int at = colon >= 0 ? passwordEnd(text, schemeStart, colon + 1, run) : -1;
            if (colon < 0 && schemeStart >= 0) { // user info without a password: a token in its place?
                at = secretUserInfoEnd(text, text.substring(schemeStart, separator), separator + 3);
                maskFrom = separator + 3;
            }
            int placeholderEnd = colon >= 0 && at >= 0 ? placeholderEnd(text, colon + 1, at) : -1;
            if (placeholderEnd >= 0) {
                at = placeholderEnd; // the URL ends there: what follows is read on its own
            }
            if (at >= 0 && colon >= 0 && tokenInUserPart(text, text.substring(schemeStart, separator), separator + 3,
                    colon, at)) {
                // https://TOKEN:x-oauth-basic@github.com: the password is a placeholder, the user the token
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, separator + 3).append(MASK).append(text, colon, at);
                copied = at;
                next = at + 1;
            } else if (at >= 0) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, copied, maskFrom).append(MASK);
                copied = at; // the @ is kept
                next = at + 1;
            }
            separator = text.indexOf("://", next);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /**
     * Passwords that stand for no password, given when the user name is the token ({@code
     * https://TOKEN:x-oauth-basic@github.com}, as GitHub documents it).
     */
    private static final Set<String> PLACEHOLDER_PASSWORDS = Set.of("x-oauth-basic", "x-access-token", "x-token-auth",
            "oauth2", "gitlab-ci-token");

    /** The {@code @} right after a placeholder password starting at {@code from} (before {@code at}), or -1. */
    private static int placeholderEnd(String text, int from, int at) {
        for (String placeholder : PLACEHOLDER_PASSWORDS) {
            int end = from + placeholder.length();
            if (end < at && text.charAt(end) == '@' && text.regionMatches(true, from, placeholder, 0, placeholder.length())) {
                return end;
            }
        }
        return -1;
    }

    /**
     * Whether the secret of {@code user:password@} is the user: the password is a placeholder
     * ({@link #PLACEHOLDER_PASSWORDS}), or empty in an {@code https://} URL whose user is no plain
     * name ({@code https://ghp_…:@github.com}).
     */
    private static boolean tokenInUserPart(String text, String scheme, int userStart, int colon, int at) {
        if (colon <= userStart || text.startsWith(MASK, userStart) && colon == userStart + MASK.length()) {
            return false;
        }
        String password = text.substring(colon + 1, at);
        if (PLACEHOLDER_PASSWORDS.contains(password.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return password.isEmpty() && TOKEN_USER_SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))
                && !isPlainUserName(text, userStart, colon);
    }

    /** Schemes whose user info alone ({@code redis://SECRET@host}) is the password. */
    private static final Set<String> PASSWORD_ONLY_SCHEMES = Set.of("redis", "rediss");
    /** Schemes whose user info alone may be a token ({@code https://TOKEN@github.com}) or a user name. */
    private static final Set<String> TOKEN_USER_SCHEMES = Set.of("http", "https", "ws", "wss", "amqp", "amqps",
            "git+https", "git+http");

    /**
     * The {@code @} after user info with no {@code :} that is a secret, or -1: always for
     * {@code redis://} and {@code rediss://} (where it is the password), for {@code https://} and
     * the like when it is not a plain lower-case name ({@code https://ghp…@github.com} masked,
     * {@code https://user@host} kept); never for other schemes, where it is a user name
     * ({@code ssh://git@…}, {@code postgresql://app@…}).
     */
    private static int secretUserInfoEnd(String text, String scheme, int from) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        boolean always = PASSWORD_ONLY_SCHEMES.contains(lower);
        if (!always && !TOKEN_USER_SCHEMES.contains(lower)) {
            return -1;
        }
        int at = -1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                at = i;
                break;
            }
            if (c == '/' || c == '?' || c == '#' || c == ':' || breaksUrl(c)) {
                return -1;
            }
        }
        if (at <= from || text.startsWith(MASK, from) && at == from + MASK.length()) {
            return -1;
        }
        return always || !isPlainUserName(text, from, at) ? at : -1;
    }

    private static boolean isPlainUserName(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The unbroken run (no space) around a position, and its last {@code @}, computed once per run:
     * the URLs of one long run ({@code a://u:a://u:…}) do not each read it to its end again.
     */
    private static final class Run {
        private final String text;
        private int start = -1;
        private int end = -1;
        private int lastAt = -1;

        Run(String text) {
            this.text = text;
        }

        /** The last {@code @} at or after {@code from} in the run holding {@code from}, or -1. */
        int lastAt(int from) {
            if (from < start || from > end || start < 0) {
                start = from;
                end = from;
                while (end < text.length() && !breaksUrl(text.charAt(end))) {
                    end++;
                }
                lastAt = Secrets.lastAt(text, from, end);
            }
            return lastAt >= from ? lastAt : -1;
        }

        private final int[] quoteFrom = {-1, -1};
        private final int[] quoteClose = {-1, -1};

        /**
         * {@link Secrets#closingQuote}, remembered: a search from inside the string the last search
         * of the same quote read has the same answer (a text of many {@code '\''} is read once).
         */
        int closingQuote(int from, char quote) {
            int kind = quote == '"' ? 0 : 1;
            if (quoteFrom[kind] >= 0 && from > quoteFrom[kind] && (quoteClose[kind] < 0 || from <= quoteClose[kind])) {
                return quoteClose[kind];
            }
            quoteFrom[kind] = from;
            quoteClose[kind] = Secrets.closingQuote(text, from, quote);
            return quoteClose[kind];
        }
    }

    /** Where the scheme before {@code ://} at {@code separator} starts (a letter), or -1. */
    private static int schemeStart(String text, int separator, int from) {
        int start = separator;
        while (start > from && isSchemeChar(text.charAt(start - 1))) {
            start--;
        }
        while (start < separator && !isAsciiLetter(text.charAt(start))) {
            start++;
        }
        return start < separator ? start : -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    /** The {@code :} that ends the user name starting at {@code from}, or -1 when there is none. */
    private static int userEnd(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ':') {
                return i;
            }
            if (c == '/' || c == '?' || c == '#' || c == '@' || breaksUrl(c)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean breaksUrl(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
    }

    /** The {@code @} that ends the password starting at {@code from} (see {@link #maskUrlPassword}), or -1. */
    private static int passwordEnd(String text, int schemeStart, int from, Run run) {
        int length = text.length();
        if (schemeStart > 0 && !escaped(text, schemeStart - 1)) {
            char quote = text.charAt(schemeStart - 1);
            if (quote == '"' || quote == '\'') {
                int close = run.closingQuote(from, quote);
                if (close >= 0 && (close + 1 == length || endsQuotedValue(text.charAt(close + 1)))) {
                    int at = lastAt(text, from, close);
                    if (at >= 0) {
                        return at;
                    }
                }
            }
        }
        if (schemeStart == 0) {
            int at = text.lastIndexOf('@');
            if (at >= from && hostHasNoSpace(text, at + 1)) {
                return at;
            }
        }
        return run.lastAt(from);
    }

    /** The last {@code @} in {@code text[from, to)}, or -1 (not looking before {@code from}). */
    private static int lastAt(String text, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (text.charAt(i) == '@') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the character at {@code index} follows an odd number of backslashes. */
    private static boolean escaped(String text, int index) {
        int backslashes = 0;
        while (index - backslashes - 1 >= 0 && text.charAt(index - backslashes - 1) == '\\') {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** The quote that ends a string: not escaped by a backslash, and not a shell's {@code '\''}. */
    private static int closingQuote(String text, int from, char quote) {
        for (int i = text.indexOf(quote, from); i >= 0; i = text.indexOf(quote, i + 1)) {
            if (quote == '\'' && text.startsWith("'\\''", i)) {
                i += 3;
            } else if (!escaped(text, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsQuotedValue(char c) {
        return breaksUrl(c) || ",;:)]}>&".indexOf(c) >= 0;
    }

    private static boolean hostHasNoSpace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                return true;
            }
            if (breaksUrl(c)) {
                return false;
            }
        }
        return true;
    }
}
