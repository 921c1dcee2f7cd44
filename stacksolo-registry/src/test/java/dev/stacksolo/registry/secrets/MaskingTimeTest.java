package dev.stacksolo.registry.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.stacksolo.registry.Secrets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Masking a whole log takes time linear in its length, whatever it holds: a deploy script's
 * failure path passes {@code --error "$(cat big.log)"} (a 64 KB text with {@code password=} once
 * took over 10 minutes). The bounds are generous (a quadratic scan of these texts takes minutes):
 * they catch a pattern that backtracks over what an earlier attempt read, not a slow machine.
 */
class MaskingTimeTest {

    /** Pieces that made a scan restart or a pattern backtrack, each repeated into one long text. */
    static final List<String> ADVERSARIAL = List.of("a", "a.b-", "password", "passwordpassword", " password ",
            "password=\"", "password='", "password=\\\"", "password={", "password=\"\\", "password='a''", "password \"",
            "x=\"", "x='", "x=\\\"", "a=", "a:", "a: ", "a://", "a://u:", "A://U:", "'a://u:", "\"a://u:p@", "'\\''a://u:",
            "u:p@", "://u:", "@", "\\", "\\\"", "'\\''", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN A",
            "-----END RSA PRIVATE KEY-----", "eyJ", "eyJ-", "eyJa.", "eyJaaaa.bbbb", "Authorization: Basic a,",
            "authorization=token ", "Bearer ", "Basic a", "AKIA", "ghp_", "xoxb-", "hooks.slack.com/services/", "sk-",
            "SG.a", "<password>", "<password>a", "mysql -p", " -pa", "--password ", "token a1 ", "redis://a",
            "https://A", "\\\"password\\\":\\\"", "'password': '", "password => ", "sig=", "password:\n",
            "Batch entry 1 ", "Key (",
            // the shapes added after 0.2.0: tools' options, Go DSNs, AWS key pairs, webhooks, prose, placeholders
            "docker login -p ", "curl -u a:", "curl -u '", "sshpass -p \"", "redis-cli -a", "mongo", "-p", "a:b@tcp(",
            "@tcp(", "a:@unix(", "AKIAIOSFODNN7EXAMPLE/", "AKIAIOSFODNN7EXAMPLE ", "a/", "discord.com/api/webhooks/1234567/",
            "password is ", "the token was: ", "passwd ", "https://a:x-oauth-basic@", "https://a:@", "shpat_", "pypi-AgE",
            "X-Amz-Signature=", "--pasword=",
            // the shapes added in 0.3.0: Go DSNs without a protocol, next-line values, encoded =, prose, paths, quotes
            "a:b@/", ":@/", "a/b:c@/", "AKIAIOSFODNN7EXAMPLE\n", "AKIAIOSFODNN7EXAMPLE\n/", "password is\n",
            "password\u00a0is ", "docker login -p\n", "curl -u\n", "X-Amz-Signature%3D", "%3Fsig%253D", "password%3Da%2",
            "pass ", "pass S59pw ", "api key ", "api key is ", "arn:aws:", "arn:aws:secret:", "PASSWORD_FILE=/etc/",
            "secretName=projects/", "'sshpass -p a", "'mysql -pa", "x'.", "a'", "SSHPASS=");

    /** Turns on every rule: a secret name, an Authorization header, a MySQL command, a URL. */
    private static final String PREFIX = "password=1 authorization: x mysql redis:// ";

    private static String repeated(String piece, int length) {
        StringBuilder text = new StringBuilder(PREFIX);
        while (text.length() < length) {
            text.append(piece);
        }
        return text.toString();
    }

    static List<String> adversarial() {
        return ADVERSARIAL;
    }

    @ParameterizedTest
    @MethodSource("adversarial")
    void aQuarterMegabyteOfOnePieceIsMaskedInSeconds(String piece) {
        String text = repeated(piece, 256 * 1024);

        String masked = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Secrets.maskText(text));
        String message = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Secrets.maskDatabaseMessage(text));

        assertThat(masked).startsWith("password=****");
        assertThat(message).startsWith("password=****");
    }

    @Provide
    Arbitrary<String> logs() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(ADVERSARIAL),
                Arbitraries.strings().withChars("aZ09 =:'\"\\/@{}<>-_.\n").ofMinLength(1).ofMaxLength(6));
        return piece.list().ofMinSize(1).ofMaxSize(8).map(pieces -> {
            StringBuilder text = new StringBuilder(PREFIX);
            while (text.length() < 1024 * 1024) {
                pieces.forEach(text::append);
            }
            return text.toString();
        });
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void aMegabyteOfMixedPiecesIsMaskedInSeconds(@ForAll("logs") String log) {
        String masked = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Secrets.maskText(log));

        assertThat(masked).startsWith("password=****");
    }
}
