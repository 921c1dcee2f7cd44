package dev.stacksolo.registry.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Secrets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The detection rules of {@link Secrets}: key names, value shapes, and what is left alone. */
class SecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"password", "DB_PASSWORD", "dbPassword", "passwd", "pwd", "Pwd", "db_pass", "dbPass",
        "PASS", "pass", "secret", "clientSecret", "client-secret", "secretKey", "token", "accessToken",
        "refresh_token", "credentials", "credential", "GOOGLE_CREDENTIALS", "privateKey", "private_key_pem",
        "private-key", "apiKey", "api_key", "API-KEY", "authString", "auth_string", "AUTH_STRING", "tlsKey",
        "key", "sslkey", "passphrase", "basicAuth", "Authorization", "jwt", "masterKey", "keyPem"})
    void secretKeyNamesAreDetected(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"url", "host", "port", "connectionName", "passengerCount", "keyspace", "publicKey",
        "primaryKey", "partitionKey", "bypass", "compass", "keyName", "name", "region", "selfLink", "username",
        "user", "authEnabled", "certificate", "tlsCert", "passport", "", "monkey", "keys", "sensitive"})
    void innocentKeyNamesAreNot(String key) {
        assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
    }

    @Test
    void aMaskedPasswordEndingAClauseKeepsTheColonThatFollowsIt() {
        String message = "could not open the registry at jdbc:postgresql://db:5432/x?user=u&password=s3cret: database"
                + " \"x\" does not exist";
        String masked = Secrets.maskText(Secrets.maskText(message.replace("s3cret", "****")));

        assertThat(masked).isEqualTo("could not open the registry at jdbc:postgresql://db:5432/x?user=u&password=****:"
                + " database \"x\" does not exist");
        assertThat(Secrets.maskText("password=s3cret: here")).doesNotContain("s3cret");
    }

    @Test
    void urlPasswordsAreMaskedWholeEvenWithSlashesAndAts() {
        assertThat(Secrets.maskText("postgresql://app:ss3cret@h/db")).isEqualTo("postgresql://app:****@h/db");
        assertThat(Secrets.maskText("postgresql://app:a/b@c@10.0.0.5:5432/users?sslmode=require"))
                .isEqualTo("postgresql://app:****@10.0.0.5:5432/users?sslmode=require");
        assertThat(Secrets.maskText("redis://:authpw@10.0.0.7:6379")).isEqualTo("redis://:****@10.0.0.7:6379");
        assertThat(Secrets.maskText("see https://example.com/a:b and https://user@host/x"))
                .isEqualTo("see https://example.com/a:b and https://user@host/x");
    }

    @Test
    void urlPasswordsWithQuotesBracketsPercentsSpacesAndAtsAreMaskedWhole() {
        assertThat(Secrets.maskText("postgresql://app:s3'cr\"et@db.internal:5432/app"))
                .isEqualTo("postgresql://app:****@db.internal:5432/app");
        assertThat(Secrets.maskText("mysql://u:p<a>ss@h/db")).isEqualTo("mysql://u:****@h/db");
        assertThat(Secrets.maskText("amqp://u:p%40ss@h")).isEqualTo("amqp://u:****@h");
        assertThat(Secrets.maskText("https://u:p@ss@h")).isEqualTo("https://u:****@h");
        assertThat(Secrets.maskText("mongodb://u:`p\\w`@h1,h2/db")).isEqualTo("mongodb://u:****@h1,h2/db");
        // a space: in a value that is the URL, and in a quoted string
        assertThat(Secrets.maskText("redis://:pa ss@h")).isEqualTo("redis://:****@h");
        assertThat(Secrets.maskText("redis://:pa ss@h:6379/0?name=my app")).isEqualTo("redis://:****@h:6379/0?name=my app");
        assertThat(Secrets.maskText("connect \"redis://:pa ss@h\" failed")).isEqualTo("connect \"redis://:****@h\" failed");
    }

    @Test
    void urlPasswordsAreMaskedInJsonShellWordsAndDriverMessages() {
        // JSON: the password's quote escaped; the closing quote ends the URL, not the owner's @
        assertThat(Secrets.maskText("{\"url\":\"postgresql://app:s3'cr\\\"et@db.internal:5432/app\",\"owner\":\"me@x.io\"}"))
                .isEqualTo("{\"url\":\"postgresql://app:****@db.internal:5432/app\",\"owner\":\"me@x.io\"}");
        // shell words, single- and double-quoted
        assertThat(Secrets.maskText("psql 'postgresql://app:s3'\\''cr\"et@db.internal/app' -c 'select 1'"))
                .isEqualTo("psql 'postgresql://app:****@db.internal/app' -c 'select 1'");
        assertThat(Secrets.maskText("psql \"postgresql://app:s3'cr\\\"et x@db.internal/app\" -c 'select 1'"))
                .isEqualTo("psql \"postgresql://app:****@db.internal/app\" -c 'select 1'");
        // the same password as a parameter, an environment assignment, and in a driver's message
        assertThat(Secrets.maskText("jdbc:postgresql://h/app?user=app&password=s3'cr\"et&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/app?user=app&password=****&ssl=true");
        assertThat(Secrets.maskText("PGPASSWORD='s3'\\''cr\"et' psql -h h")).isEqualTo("PGPASSWORD='****' psql -h h");
        assertThat(Secrets.maskText("PGPASSWORD=s3'cr\"et psql -h h")).isEqualTo("PGPASSWORD=**** psql -h h");
        assertThat(Secrets.maskDatabaseMessage("FATAL: could not connect to \"postgresql://app:s3'cr\"et@db.internal:5432/app\":"
                + " connection refused")).doesNotContain("s3").doesNotContain("cr\"et").contains("@db.internal:5432/app");
    }

    @Test
    void passwordParametersAreMasked() {
        assertThat(Secrets.maskText("jdbc:postgresql://h/db?user=app&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=app&password=****&ssl=true");
        assertThat(Secrets.maskText("Server=tcp:h,1433;Database=d;User Id=app;Password=hunter2;Encrypt=true"))
                .isEqualTo("Server=tcp:h,1433;Database=d;User Id=app;Password=****;Encrypt=true");
        assertThat(Secrets.maskText("Driver={ODBC};Uid=app;Pwd={hun;ter2};")).isEqualTo("Driver={ODBC};Uid=app;Pwd={****};");
        assertThat(Secrets.maskText("host=h sslpassword=hunter2 dbname=d")).isEqualTo("host=h sslpassword=**** dbname=d");
        assertThat(Secrets.maskText("failed: PGPASSWORD=hunter2 psql -h h")).isEqualTo("failed: PGPASSWORD=**** psql -h h");
        assertThat(Secrets.maskText("{\"clientSecret\": \"hunter2\", \"url\": \"u\"}"))
                .isEqualTo("{\"clientSecret\": \"****\", \"url\": \"u\"}");
    }

    @Test
    void pemPrivateKeysJwtsAndTokenShapesAreMasked() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
        assertThat(Secrets.maskText("key: " + pem)).doesNotContain("MIIEpAIBAAKCAQEA7");
        assertThat(Secrets.maskText(pem)).isEqualTo("-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----");
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assertThat(Secrets.maskText("got " + jwt + " back")).isEqualTo("got **** back");
        for (String token : List.of("AKIAIOSFODNN7EXAMPLE", "ghp_" + "a".repeat(36), "xoxb-1234567890-abcdefghij",
                "AIza" + "B".repeat(35), "sk_live_" + "c".repeat(24), "glpat-" + "d".repeat(20))) {
            assertThat(Secrets.maskText("value " + token + ".")).as(token).isEqualTo("value ****.");
        }
        assertThat(Secrets.maskText("Authorization: Bearer abc.def-123456")).doesNotContain("abc.def-123456");
        assertThat(Secrets.maskText("slack xoxp-123-456-O12_LEAK here")).isEqualTo("slack **** here");
    }

    @Test
    void headerCredentialsAfterASchemeAreMaskedAndTheSchemeKept() {
        assertThat(Secrets.maskText("Authorization: Basic O33_LEAK")).isEqualTo("Authorization: Basic ****");
        assertThat(Secrets.maskText("Authorization: token abc123secret")).isEqualTo("Authorization: token ****");
        assertThat(Secrets.maskText("Authorization: Bearer abc.def-123456")).isEqualTo("Authorization: Bearer ****");
        assertThat(Secrets.maskText("curl -H 'Proxy-Authorization: Negotiate YIIabc' failed"))
                .isEqualTo("curl -H 'Proxy-Authorization: Negotiate ****' failed");
        assertThat(Secrets.maskText("authorization=Digest username=\"u\", response=\"6629fae4\" rejected"))
                .doesNotContain("6629fae4").startsWith("authorization=Digest ****");
        // no scheme: the whole value is the credential
        assertThat(Secrets.maskText("Authorization: O33_LEAK")).isEqualTo("Authorization: ****");
    }

    @Test
    void markedKeysShowSensitiveAndDetectedOnesStars() {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("url", "https://api.example.com");
        outputs.put("apiUrl", "https://example.com");
        outputs.put("password", "hunter2");
        outputs.put("empty", null);
        outputs.put("nested", Map.of("token", "t0ken-value", "list", List.of("postgresql://a:b@h")));
        Map<String, Object> masked = Secrets.mask(outputs, Set.of("apiUrl", "empty"));
        assertThat(masked).containsEntry("url", "https://api.example.com").containsEntry("apiUrl", "<sensitive>")
                .containsEntry("password", "****").containsEntry("empty", null);
        assertThat(masked.get("nested").toString()).doesNotContain("t0ken-value").contains("postgresql://a:****@h");
        assertThat(outputs).containsEntry("password", "hunter2"); // a copy: the input is untouched
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        # Python, Ruby and Go assignments
        {'user': 'a', 'password': 'SEKRETv2'} ==> {'user': 'a', 'password': '****'}
        {'api_key': 'SEKRETv2', 'x': 1} ==> {'api_key': '****', 'x': 1}
        password => "SEKRETv2" ==> password => "****"
        :password => "SEKRETv2", :user => "u" ==> :password => "****", :user => "u"
        password := SEKRETv2 ==> password := ****
        # JSON escaped inside a tool's error string
        {\\"password\\":\\"SEKRETv2\\",\\"user\\":\\"u\\"} ==> {\\"password\\":\\"****\\",\\"user\\":\\"u\\"}
        {\\"password\\":\\"SE\\\\\\"KRETv2\\",\\"user\\":\\"u\\"} ==> {\\"password\\":\\"****\\",\\"user\\":\\"u\\"}
        # command lines
        psql --password SEKRETv2 -h h ==> psql --password **** -h h
        run --password=SEKRETv2 now ==> run --password=**** now
        mysql -u root -pSEKRETv2 db ==> mysql -u root -p**** db
        mysqldump -h h -pSEKRETv2 db | gzip; cd /tmp -pkeep ==> mysqldump -h h -p**** db | gzip; cd /tmp -pkeep
        # a secret word, a space, a credential-looking word
        token ab12cd34 was rejected ==> token **** was rejected
        passphrase SEKRETv2 is wrong ==> passphrase **** is wrong
        passphrase correct-horse-battery-staple. ==> passphrase ****.
        # user info without a password
        redis://SEKRETv2@h:6379 ==> redis://****@h:6379
        https://TOKEN@github.com/org/repo.git ==> https://****@github.com/org/repo.git
        # XML, token shapes, Azure SAS, Slack webhooks
        <password>SEKRETv2</password><user>u</user> ==> <password>****</password><user>u</user>
        token hf_abcdefghijklmnopqrstuvwxyzABCDEFGH ==> token ****
        key dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ==> key ****
        https://a.blob.core.windows.net/c/b?sv=2021-08-06&sig=abc%2Bdef%3D&sp=r ==> https://a.blob.core.windows.net/c/b?sv=2021-08-06&sig=****&sp=r
        https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX ==> https://hooks.slack.com/services/****
        https://hooks.slack.com/workflows/T00000000/A00000000/123456789/abcdefghijklmnopqrstuvwx ==> https://hooks.slack.com/workflows/****
        """)
    void moreShapesOfSecretsInFreeTextAreMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @Test
    void proseAfterASecretWordAndPlainUserNamesStayReadable() {
        for (String text : List.of("token expired", "Token EXPIRED.", "password is wrong", "wrong password for user bob",
                "the secret is out", "https://user@host/x", "ssh://git@github.com/x", "postgres://app@db/x",
                "amqp://guest@mq", "cd /tmp -pkeep", "JWT_SECRET (@secret/jwt-secret): no outputs", "token @app/main/api.key")) {
            assertThat(Secrets.maskText(text)).isEqualTo(text);
        }
    }

    @Test
    void aStackTraceIsMaskedInTheMessagesOfEveryCause() {
        Exception failure = new IllegalStateException("connect postgresql://app:TopPw1@db/x failed",
                new java.net.UnknownHostException("postgres:SEKRETv2dbg@127.0.0.1"));

        String trace = Secrets.maskStackTrace(failure);

        assertThat(trace).doesNotContain("TopPw1").doesNotContain("SEKRETv2dbg")
                .contains("postgresql://app:****@db/x").contains("Caused by: java.net.UnknownHostException: postgres:****@127.0.0.1")
                .contains("\tat dev.stacksolo.registry.secrets.SecretsTest");
    }

    @Test
    void anInvalidNameIsQuotedMaskedAndItsSuggestionBuiltFromWhatIsShown() {
        String problem = dev.stacksolo.registry.types.Names.segmentProblem("resource", "mysql://root:Hunter2Pass@db")
                .orElseThrow();

        assertThat(problem).doesNotContainIgnoringCase("hunter2pass")
                .startsWith("resource name 'mysql://root:****@db' is not allowed")
                .contains("(for example 'mysql-root-db')");
        assertThat(dev.stacksolo.registry.types.Names.segmentProblem("network", "-password=Hunter2Pass").orElseThrow())
                .doesNotContainIgnoringCase("hunter2pass").contains("'-password=****'");
    }

    @Test
    void keysHoldingASecretAreShownMaskedAndNoneHidesAnother() {
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("postgresql://app:SEKRETkeypw@h/db?sslmode", "require");
        outputs.put("postgresql://app:OTHERpw@h/db?sslmode", "disable");
        outputs.put("url", "https://api.example.com");
        outputs.put("nested", Map.of("token=t0kenkey", "x"));

        Map<String, Object> masked = Secrets.mask(outputs, Set.of());

        assertThat(masked.keySet()).containsExactly("postgresql://app:****@h/db?sslmode",
                "postgresql://app:****@h/db?sslmode (2)", "url", "nested");
        assertThat(masked.values()).containsExactly("require", "disable", "https://api.example.com", Map.of("token=****", "****"));
        assertThat(masked.toString()).doesNotContain("SEKRETkeypw").doesNotContain("OTHERpw").doesNotContain("t0kenkey");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        for (String text : List.of("https://api.example.com/v1?page=2", "deploy failed: quota exceeded in us-central1",
                "token validation failed", "Basic authentication is off", "a=b; c=d", "10.0.0.5:5432")) {
            assertThat(Secrets.maskText(text)).isEqualTo(text);
        }
    }
}
