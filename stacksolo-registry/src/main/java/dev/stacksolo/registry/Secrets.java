package dev.stacksolo.registry;

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
 *       assignments, PEM private keys, JWTs, bearer tokens, and well-known token shapes (AWS,
 *       GitHub, GitLab, Slack, Google, Stripe, npm, OpenAI/Anthropic, SendGrid).</li>
 * </ul>
 * The API {@link #mask(Map, Set)} is stable: the PostgreSQL reader's masked copy is built with it.
 *
 * <p>Stateless and thread-safe.
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
    /** Words before "key" that name something public, not a secret key ({@code primaryKey}, {@code publicKey}). */
    private static final Set<String> PUBLIC_KEY_KINDS = Set.of("public", "primary", "partition", "sort", "foreign",
            "cache", "row", "hash", "range", "idempotency", "object", "map", "lookup", "dedup", "routing", "region",
            "s3", "gcs", "storage", "bucket", "file", "ssh_public");

    private static final Pattern PEM = Pattern.compile(
            "(-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)[\\s\\S]*?(?:(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)|\\z)");
    private static final Pattern JWT = Pattern.compile(
            "\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");
    private static final Pattern TOKEN_SHAPES = Pattern.compile(String.join("|",
            "\\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z0-9]{16}\\b", // AWS key ids
            "\\bgh[pousr]_[A-Za-z0-9]{36,255}\\b", "\\bgithub_pat_[A-Za-z0-9_]{22,255}\\b", // GitHub
            "\\bglpat-[A-Za-z0-9_-]{20,}", // GitLab
            "\\bxox[abposr]-[A-Za-z0-9_-]{10,}", "hooks\\.slack\\.com/services/[A-Za-z0-9/+_-]{20,}", // Slack
            "\\bAIza[0-9A-Za-z_-]{35}", "\\bya29\\.[0-9A-Za-z_-]{20,}", "\\bGOCSPX-[A-Za-z0-9_-]{20,}", // Google
            "\\b(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{10,}", "\\bwhsec_[0-9A-Za-z]{20,}", // Stripe
            "\\bnpm_[A-Za-z0-9]{36}\\b", // npm
            "\\bsk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{32,}", // OpenAI, Anthropic
            "\\bSG\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{16,}")); // SendGrid
    private static final Pattern BEARER = Pattern.compile("\\b([Bb]earer|BEARER)(\\s+)[A-Za-z0-9._~+/=-]{8,}"
            + "|\\b(Basic)(\\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}");
    /**
     * A header-style credential after an authentication scheme ({@code Authorization: Basic …},
     * {@code token …}, {@code Digest username="…", response="…"}): the scheme stays readable, the
     * credential (to the end of its comma-separated parameters) is masked.
     */
    /** A credential or one of its parameters ({@code abc==}, {@code response="…"}). */
    private static final String CREDENTIAL_PART = "[^\\s\"',;=]+(?:=(?:\"[^\"]*\"|[^\\s\"',;]*))?";
    private static final Pattern SCHEME_CREDENTIAL = Pattern.compile(
            "(?i)\\b((?:proxy-)?authorization\"?\\s*[=:]\\s*\"?)"
            + "(basic|bearer|token|digest|negotiate|ntlm|hoba|mutual|apikey|api-key|sso-key|dpop|gnap|oauth"
            + "|aws4-hmac-sha256|splunk|key)(\\s+)(?!\\*\\*\\*\\*(?:\\s|$|[\"',;]))"
            + CREDENTIAL_PART + "(?:,\\s*" + CREDENTIAL_PART + ")*");
    /**
     * {@code NAME=value}, {@code NAME: value}, {@code "NAME": "value"}; the name decides. A value
     * masked already and followed by {@code ": "} (a masked URL ending a clause) keeps the colon.
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "([A-Za-z_][A-Za-z0-9_.\\-]*)(\"?\\s*[=:]\\s*)(\\*\\*\\*\\*(?=:(?:\\s|$))|\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^']|''|'\\\\'')*'|\\{[^}]*\\}"
            // bare: a quote inside the value does not end it ("password=s3'cr\"et&"); one at its end is kept
            + "|[^\\s&;,\"'}\\]]+(?:[\"']+[^\\s&;,\"'}\\]]+)*)");

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
            if (SECRET_WORDS.contains(word)) {
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
            return MASK;
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
     * holding {@code /} or {@code @} is masked whole), JWTs, well-known token shapes, bearer/basic
     * credentials, the credential after an {@code Authorization:} scheme (the scheme kept), and the value of any {@code NAME=value} or {@code NAME: value} whose name is
     * secret ({@code ?password=…&}, {@code Server=…;Password=…;}, {@code PGPASSWORD=…},
     * {@code "clientSecret": "…"}). The rest of the text is kept, so the message still reads.
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
            masked = JWT.matcher(masked).replaceAll(MASK);
        }
        if (mayHoldTokenShape(masked)) {
            masked = TOKEN_SHAPES.matcher(masked).replaceAll(MASK);
        }
        if (masked.contains("earer") || masked.contains("EARER") || masked.contains("Basic")) {
            masked = BEARER.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) != null
                    ? match.group(1) + match.group(2) + MASK : match.group(3) + match.group(4) + MASK));
        }
        if (masked.indexOf('=') >= 0 || masked.indexOf(':') >= 0) {
            // a name's squashed form is part of the text's (names are ASCII, their separators dropped)
            String squashed = squashAscii(masked);
            if (squashed.contains("authorization")) {
                masked = SCHEME_CREDENTIAL.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(
                        match.group(1) + match.group(2) + match.group(3) + MASK));
            }
            if (hasSecretHint(squashed)) {
                masked = maskAssignments(masked);
            }
        }
        return masked;
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
                case 'g' -> text.startsWith("h", i + 1) || text.startsWith("lpat-", i + 1);
                case 'x' -> text.startsWith("ox", i + 1);
                case 'h' -> text.startsWith("ooks.slack.com/services/", i + 1);
                case 'y' -> text.startsWith("a29.", i + 1);
                case 'G' -> text.startsWith("OCSPX-", i + 1);
                case '_' -> text.startsWith("live_", i + 1) || text.startsWith("test_", i + 1);
                case 'w' -> text.startsWith("hsec_", i + 1);
                case 'n' -> text.startsWith("pm_", i + 1);
                case 's' -> text.startsWith("k-", i + 1);
                case 'S' -> text.startsWith("G.", i + 1);
                default -> false;
            };
            if (found) {
                return true;
            }
        }
        return false;
    }

    private static String maskAssignments(String text) {
        Matcher matcher = ASSIGNMENT.matcher(text);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            String name = matcher.group(1);
            String value = matcher.group(3);
            if (!isSecretKey(name) || value.equals(MASK) || value.equals(SENSITIVE)
                    || schemeBeforeMask(text, matcher)) {
                // the value may itself hold an assignment ("failed: PGPASSWORD=…"): look again after the name
                from = matcher.end(1);
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            char first = value.charAt(0);
            String masked = first == '"' || first == '\'' ? first + MASK + first : first == '{' ? "{" + MASK + "}" : MASK;
            out.append(text, copied, matcher.start(3)).append(masked);
            copied = matcher.end(3);
            from = copied;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** Whether the value is an authentication scheme whose credential is masked already ("Basic ****"). */
    private static boolean schemeBeforeMask(String text, Matcher assignment) {
        return text.startsWith(MASK, assignment.end(3) + 1) && Character.isWhitespace(text.charAt(assignment.end(3)))
                && SCHEME_CREDENTIAL.matcher(assignment.group(1) + assignment.group(2) + assignment.group(3) + " x")
                        .lookingAt();
    }

    private static final Pattern BATCH_STATEMENT = Pattern.compile("(?s)(Batch entry \\d+) .*? (was aborted)");
    // to the end of the line: the values may hold parentheses
    private static final Pattern FAILING_ROW = Pattern.compile("(Failing row contains ).*");
    private static final Pattern KEY_VALUES = Pattern.compile("(Key \\([^)\\n]*\\)=).*");

    /**
     * A database driver's message as it may be shown or logged: without the values of the failing
     * statement (pgjdbc's "Batch entry N INSERT … VALUES (…) was aborted", PostgreSQL's "Failing row
     * contains (…)" and "Key (…)=(…) already exists" hold a row's values, such as a config's
     * password), then masked by {@link #maskText}.
     */
    public static String maskDatabaseMessage(String message) {
        if (message == null) {
            return null;
        }
        String scrubbed = BATCH_STATEMENT.matcher(message).replaceAll("$1 (statement not shown) $2");
        scrubbed = FAILING_ROW.matcher(scrubbed).replaceAll("$1(values not shown)");
        scrubbed = KEY_VALUES.matcher(scrubbed).replaceAll("$1(values not shown)");
        return maskText(scrubbed);
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
        while (separator >= 0) {
            int next = separator + 3;
            int schemeStart = schemeStart(text, separator, copied);
            int colon = schemeStart < 0 ? -1 : userEnd(text, separator + 3);
            if (colon >= 0) {
                int at = passwordEnd(text, schemeStart, colon + 1);
                if (at >= 0) {
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, colon + 1).append(MASK);
                    copied = at; // the @ is kept
                    next = at + 1;
                }
            }
            separator = text.indexOf("://", next);
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
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
    private static int passwordEnd(String text, int schemeStart, int from) {
        int length = text.length();
        if (schemeStart > 0 && !escaped(text, schemeStart - 1)) {
            char quote = text.charAt(schemeStart - 1);
            if (quote == '"' || quote == '\'') {
                int close = closingQuote(text, from, quote);
                if (close >= 0 && (close + 1 == length || endsQuotedValue(text.charAt(close + 1)))) {
                    int at = text.lastIndexOf('@', close - 1);
                    if (at >= from) {
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
        int runEnd = from;
        while (runEnd < length && !breaksUrl(text.charAt(runEnd))) {
            runEnd++;
        }
        int at = runEnd == from ? -1 : text.lastIndexOf('@', runEnd - 1);
        return at >= from ? at : -1;
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
