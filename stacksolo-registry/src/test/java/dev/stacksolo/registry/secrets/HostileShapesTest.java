package dev.stacksolo.registry.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Secrets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shapes a hostile tester found stored or printed raw after 0.2.0, each masked in its secret
 * part only (the rest of the text still reads), and what looks like them but holds no secret.
 */
class HostileShapesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        docker login -u me -p DockPW1 registry.example.com ==> docker login -u me -p **** registry.example.com
        docker login --password DockPW2 ghcr.io ==> docker login --password **** ghcr.io
        exit 1: /usr/bin/docker login -pDockPW3 ghcr.io ==> exit 1: /usr/bin/docker login -p**** ghcr.io
        podman login --username u --password=DockPW4 quay.io ==> podman login --username u --password=**** quay.io
        curl -u admin:CurlPW1 https://api.example.com ==> curl -u admin:**** https://api.example.com
        curl --user admin:CurlPW2 -X POST https://h/x ==> curl --user admin:**** -X POST https://h/x
        curl -sSu admin:CurlPW3 https://h ==> curl -sSu admin:**** https://h
        curl --user=admin:CurlPW4 https://h ==> curl --user=admin:**** https://h
        curl -uadmin:CurlPW5 https://h ==> curl -uadmin:**** https://h
        curl -u 'admin:Curl PW6' https://h ==> curl -u 'admin:****' https://h
        sqlcmd -S db -U sa -P SqlPW1 -Q "select 1" ==> sqlcmd -S db -U sa -P **** -Q "select 1"
        redis-cli -h 10.0.0.7 -a RedisPW1 ping ==> redis-cli -h 10.0.0.7 -a **** ping
        sshpass -p SshPW1 ssh -p 2222 deploy@h ==> sshpass -p **** ssh -p 2222 deploy@h
        sshpass -pSshPW2 scp f h: ==> sshpass -p**** scp f h:
        mongo -u admin -p MongoPW1 h/admin ==> mongo -u admin -p **** h/admin
        mongosh mongodb://h -u admin -p MongoPW2 ==> mongosh mongodb://h -u admin -p ****
        az login --service-principal -u app -p AzPW1 --tenant t ==> az login --service-principal -u app -p **** --tenant t
        az login -u me@example.com --password AzPW2 ==> az login -u me@example.com --password ****
        ldapsearch -x -D cn=admin -w LdapPW1 -b dc=x ==> ldapsearch -x -D cn=admin -w **** -b dc=x
        login=docker login -p DockPW5 ghcr.io ==> login=docker login -p **** ghcr.io
        "step failed: redis-cli -a RedisPW2 ping; docker run -p 8080:80 app" ==> "step failed: redis-cli -a **** ping; docker run -p 8080:80 app"
        """)
    void passwordOptionsOfCommonToolsAreMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker run -p 8080:80 app", "curl -u admin https://h", "ssh -p 2222 h",
        "mysql -p db", "helm install -p x", "az vm list -p x", "curl https://h -o out", "tar -cpf x.tar dir",
        "grep -a pattern file", "mongod --port 27017"})
    void optionsOfOtherToolsAndPromptedPasswordsStayReadable(String text) {
        assertThat(Secrets.maskText(text)).isEqualTo(text);
    }

    @Test
    void argumentListsMaskTheToolsPasswordsAsWords() {
        assertThat(Secrets.maskToolArguments(List.of("run", "api", "--", "docker", "login", "-p", "ArgPW1", "ghcr.io")))
                .containsExactly("run", "api", "--", "docker", "login", "-p", "****", "ghcr.io");
        assertThat(Secrets.maskToolArguments(List.of("curl", "-u", "admin:ArgPW2", "https://h")))
                .containsExactly("curl", "-u", "admin:****", "https://h");
        assertThat(Secrets.maskToolArguments(List.of("sshpass", "-p", "ArgPW3", "ssh", "-p", "22", "h")))
                .containsExactly("sshpass", "-p", "****", "ssh", "-p", "22", "h");
        List<String> plain = List.of("docker", "run", "-p", "8080:80", "app");
        assertThat(Secrets.maskToolArguments(plain)).isEqualTo(plain);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        root:GoPW1@tcp(db.internal:3306)/app?parseTime=true ==> root:****@tcp(db.internal:3306)/app?parseTime=true
        user:GoPW2@unix(/var/run/mysqld/mysqld.sock)/db ==> user:****@unix(/var/run/mysqld/mysqld.sock)/db
        dial failed for 'app:Go@PW3@tcp(10.0.0.5)/app': timeout ==> dial failed for 'app:****@tcp(10.0.0.5)/app': timeout
        DSN=root:GoPW4@tcp6([::1]:3306)/app ==> DSN=root:****@tcp6([::1]:3306)/app
        """)
    void goMysqlDsnPasswordsAreMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"root@tcp(h:3306)/app", "see f(x) and mail me@example.com", "user@unix(/s)/db"})
    void goDsnsWithoutAPasswordStayReadable(String text) {
        assertThat(Secrets.maskText(text)).isEqualTo(text);
    }

    @Test
    void presignedUrlSignaturesAndCredentialsAreMasked() {
        String s3 = "https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIAEXAMPLE%2F20240101"
                + "%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600"
                + "&X-Amz-Security-Token=IQoJSessTok&X-Amz-SignedHeaders=host&X-Amz-Signature=5f1c0ffee";
        assertThat(Secrets.maskText(s3)).isEqualTo("https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=****&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-Security-Token=****"
                + "&X-Amz-SignedHeaders=host&X-Amz-Signature=****");
        String gcs = "https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Credential=sa%40p"
                + ".iam.gserviceaccount.com%2F20240101&X-Goog-Date=20240101T000000Z&X-Goog-Expires=900"
                + "&X-Goog-SignedHeaders=host&X-Goog-Signature=deadbeef01";
        assertThat(Secrets.maskText(gcs)).isEqualTo("https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256"
                + "&X-Goog-Credential=****&X-Goog-Date=20240101T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host"
                + "&X-Goog-Signature=****");
        assertThat(Secrets.maskText("https://a.blob.core.windows.net/c/b?sv=2022-11-02&se=2030&sig=AbC%2Bd%3D"))
                .isEqualTo("https://a.blob.core.windows.net/c/b?sv=2022-11-02&se=2030&sig=****");
        assertThat(Secrets.maskText("https://d1.cloudfront.net/v.mp4?Expires=1700&Signature=abc~def&Key-Pair-Id=K2"))
                .isEqualTo("https://d1.cloudfront.net/v.mp4?Expires=1700&Signature=****&Key-Pair-Id=K2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        https://discord.com/api/webhooks/123456789012345678/DiscTok1-abcdefghijklmnopqrstuvwxyz ==> https://discord.com/api/webhooks/123456789012345678/****
        POST https://discordapp.com/api/webhooks/987654321098765432/DiscTok2_abcdefghijklmnopqrst failed ==> POST https://discordapp.com/api/webhooks/987654321098765432/**** failed
        https://discord.com/api/v10/webhooks/123456789012345678/DiscTok3abcdefghijklmnopqrstu?wait=true ==> https://discord.com/api/v10/webhooks/123456789012345678/****?wait=true
        https://hooks.slack.com/services/T00000000/B00000000/SlackTok1XXXXXXXXXXXXXX ==> https://hooks.slack.com/services/****
        token shpat_0123456789abcdef0123456789abcdef here ==> token **** here
        shpss_0123456789ABCDEF0123456789abcdef, shpca_0123456789abcdef0123456789abcdef ==> ****, ****
        github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz rejected ==> **** rejected
        gho_abcdefghijklmnopqrstuvwxyz0123456789 / ghs_abcdefghijklmnopqrstuvwxyz0123456789 ==> **** / ****
        rk_live_abcdefghij0123456789 ==> ****
        xoxa-2-abcdefghij0123 xoxr-abcdefghij0123 ==> **** ****
        xapp-1-A0123456789-0123456789-abcdef0123456789 ==> ****
        npm_abcdefghijklmnopqrstuvwxyz0123456789 ==> ****
        pypi-AgEIcHlwaS5vcmcCJGFiY2RlZmdoLWlqa2wtbW5vcA ==> ****
        SG.abcdefghijklmnop.qrstuvwxyz0123456789abcd ==> ****
        AIzaSyA-abcdefghijklmnopqrstuvwxyz01234 ==> ****
        AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ==> **** ****
        ci-user,,AKIAIOSFODNN7EXAMPLE,wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY ==> ci-user,,****,****
        """)
    void webhooksAndWellKnownTokensAreMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        The password is ProsePW1 ==> The password is ****
        the password is hunter. ==> the password is ****.
        Your password was: letmein ==> Your password was: ****
        the password: ProsePW2 was rejected ==> the password: **** was rejected
        pw=ProsePW3 ==> pw=****
        passwd ProsePW4 ==> passwd ****
        passwd hunter ==> passwd ****
        the secret is opensesame ==> the secret is ****
        the token is abc ==> the token is ****
        the token is "two words" ==> the token is "****"
        """)
    void aWordAfterPasswordIsOrPasswdIsMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"password is wrong", "the secret is out", "Token is expired.", "the token is invalid",
        "password is required", "your password is too short", "the passwd file", "cat /etc/passwd | grep root",
        "passwd -l bob", "token expired", "wrong password for user bob", "the password is not set"})
    void proseAfterASecretWordStaysReadable(String text) {
        assertThat(Secrets.maskText(text)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        https://ghp_abcdefghijklmnopqrstuvwxyz0123456789:x-oauth-basic@github.com/o/r.git ==> https://****:x-oauth-basic@github.com/o/r.git
        https://GhTok1abc:x-oauth-basic@github.com/o/r.git ==> https://****:x-oauth-basic@github.com/o/r.git
        git clone https://x-access-token:GhTok2abc@github.com/o/r.git failed ==> git clone https://x-access-token:****@github.com/o/r.git failed
        https://oauth2:GlTok3abc@gitlab.com/g/p.git ==> https://oauth2:****@gitlab.com/g/p.git
        https://deploy:UrlPW4@git.example.com/r ==> https://deploy:****@git.example.com/r
        https://GhTok5abc:@github.com/o/r ==> https://****:@github.com/o/r
        """)
    void urlUserInfoMasksThePasswordOrTheTokenBeforeAPlaceholder(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--password", "--pasword", "--passwrod", "--pasword=x", "--scret", "--secert",
        "--tokn", "--api-key", "--db-pass", "--credentails", "-p", "-pX", "-P", "-w", "-a", "-t", "--pwd"})
    void optionsThatLookSecretMisspeltOrNotAreTold(String option) {
        assertThat(Secrets.isSecretOptionName(option)).as(option).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--json", "--chek", "--status", "--error", "--sensitive", "--deployment", "--from",
        "--registry", "-n", "--region", "json", "--type"})
    void otherOptionsAreNot(String option) {
        assertThat(Secrets.isSecretOptionName(option)).as(option).isFalse();
    }

    @Test
    void ordinaryTextAroundTheNewShapesStaysReadable() {
        for (String text : List.of("https://discord.com/channels/123/456", "https://github.com/o/r.git",
                "@shared/main/db.connectionString", "JWT_SECRET (@secret/jwt-secret): no outputs",
                "stacksolo list --show-secrets", "db.internal:5432", "shop_name=acme", "X-Amz-Date=20240101T000000Z",
                "signed with AKIAIOSFODNN7EXAMPLE in us-east-1 at 2024-01-01", "curl https://api.example.com/v1?page=2")) {
            String masked = Secrets.maskText(text);
            if (text.contains("AKIA")) {
                assertThat(masked).isEqualTo("signed with **** in us-east-1 at 2024-01-01");
            } else {
                assertThat(masked).isEqualTo(text);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        root:S61pw@/app ==> root:****@/app
        user:S61pw@/app?charset=utf8 ==> user:****@/app?charset=utf8
        DSN=root:S62pw@/app ==> DSN=root:****@/app
        sshpass -e ssh h SSHPASS=S50pw ==> sshpass -e ssh h SSHPASS=****
        export SMBPASS=S51pw ==> export SMBPASS=****
        keytool -storepass S52pw -keypass S53pw ==> keytool -storepass **** -keypass ****
        X-Amz-Signature%3DU23aaaaaaaaaaaaaaaa ==> X-Amz-Signature%3D****
        next=%2Fs3%3FX-Amz-Signature%3DU24sig%26X-Amz-Date%3D2024 ==> next=%2Fs3%3FX-Amz-Signature%3D****%26X-Amz-Date%3D2024
        r=%3Fsig%253DU25sig%2526sp%253Dr ==> r=%3Fsig%253D****%2526sp%253Dr
        u=%3Fpassword%3DU26pw ==> u=%3Fpassword%3D****
        pass S59pw ==> pass ****
        db_pass S58pw#x ==> db_pass ****
        the api key is S56abcdef ==> the api key is ****
        the access key is S57abcdef. ==> the access key is ****.
        Secret Key: S55abcdef ==> Secret Key: ****
        api key S54abcdef ==> api key ****
        `password is U02pw` ==> `password is ****`
        """)
    void theShapesFoundAfter030AreMasked(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @Test
    void valuesOnTheNextLineAreMasked() {
        assertThat(Secrets.maskText("AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("****\n****");
        assertThat(Secrets.maskText("key id: AKIAIOSFODNN7EXAMPLE\r\nsecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("key id: ****\r\nsecret: ****");
        assertThat(Secrets.maskText("password is\nU01pw")).isEqualTo("password is\n****");
        assertThat(Secrets.maskText("the password is:\r\n  U03pw\nthen")).isEqualTo("the password is:\r\n  ****\nthen");
        assertThat(Secrets.maskText("docker login -p\nU04pw ghcr.io")).isEqualTo("docker login -p\n**** ghcr.io");
        assertThat(Secrets.maskText("curl -u\nbob:U05pw https://h")).isEqualTo("curl -u\nbob:**** https://h");
        // still bounded: two lines on, the word is no longer the key's (nor the option's)
        String farAway = "AKIAIOSFODNN7EXAMPLE\nregion\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThat(Secrets.maskText(farAway)).isEqualTo("****\nregion\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(Secrets.maskText("the password is\n\nfine")).isEqualTo("the password is\n\nfine");
        assertThat(Secrets.maskText("docker login -p\n-u me")).isEqualTo("docker login -p\n-u me");
        assertThat(Secrets.maskText("docker login -p\ndocker ps")).isEqualTo("docker login -p\ndocker ps");
        assertThat(Secrets.maskToolArguments(List.of("docker", "login", "-p"))).containsExactly("docker", "login", "-p");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pass the test", "pass 3 tests", "pass 100ms", "pass $PASSWORD", "pass -x", "bypass S59pw",
        "compass N45E", "the api key is missing", "api key rotation", "the secret key is stored in vault",
        "we pass 2nd-stage", "multipass launch v2", "user:pw@host:/app", "see a/b:c@/d", "root@/app"})
    void proseAroundTheNewShapesStaysReadable(String text) {
        assertThat(Secrets.maskText(text)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
        "secret_arn=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
        "PASSWORD_FILE=/run/secrets/db_password", "DB_PASSWORD_FILE: /var/run/secrets/pw",
        "secretName=projects/my-project/secrets/db-pass", "secret_id: projects/p/secrets/s/versions/latest",
        "passwd: /etc/passwd", "password: /run/secrets/db", "tokenPath=/var/run/secrets/kubernetes.io/token",
        "secretRef=/mnt/vault/db"})
    void whereASecretIsStaysReadable(String text) {
        assertThat(Secrets.maskText(text)).isEqualTo(text);
    }

    @Test
    void aSecretsLocationUnderASecretKeyIsShownButNotTheSecret() {
        assertThat(Secrets.mask(java.util.Map.of("PASSWORD_FILE", "/run/secrets/db_password")))
                .containsEntry("PASSWORD_FILE", "/run/secrets/db_password");
        assertThat(Secrets.mask(java.util.Map.of("secretName", "projects/my-project/secrets/db-pass")))
                .containsEntry("secretName", "projects/my-project/secrets/db-pass");
        // not a path: still masked whole, and a relative path or a password after a location name is no location
        for (String text : List.of("PASSWORD_FILE=hunter2", "secretName=S60abc", "secret_id=6a1f0c3e-2b", "password=/S60pw",
                "secretPath=wJalrXUtnFEMI/K7MDENG")) {
            assertThat(Secrets.maskText(text)).as(text).endsWith("=****");
        }
        assertThat(Secrets.mask(java.util.Map.of("secret_id", "6a1f0c3e-2b"))).containsEntry("secret_id", "****");
        assertThat(Secrets.mask(java.util.Map.of("password", "/S60pw/x"))).containsEntry("password", "****");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        no deployment has id 'sshpass -p X'; run `stacksolo history` ==> no deployment has id 'sshpass -p ****'; run `stacksolo history`
        no resource 'docker login -p S70pw' in project p ==> no resource 'docker login -p ****' in project p
        no resource "curl -u bob:S71pw". ==> no resource "curl -u bob:****".
        no resource 'mysql -pS72pw'; run ==> no resource 'mysql -p****'; run
        no resource 'PGPASSWORD=S73pw'. ==> no resource 'PGPASSWORD=****'.
        'the password is S74pw'; run ==> 'the password is ****'; run
        sshpass -p S75'pw' ssh h ==> sshpass -p **** ssh h
        """)
    void theMaskStopsBeforeTheQuoteThatEndsAMessagesQuotedText(String text, String masked) {
        assertThat(Secrets.maskText(text)).isEqualTo(masked);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " ==> ", quoteCharacter = '`', textBlock = """
        --user=bob:S302pw ==> --user=bob:****
        -u=bob:S303pw ==> -u=bob:****
        -ubob:S304xy ==> -ubob:****
        --proxy-user=me:S305:pw ==> --proxy-user=me:****
        --pasword=hunter2 ==> --pasword=****
        -pS306 ==> -p****
        --db=db.internal:5432 ==> --db=db.internal:5432
        --url=https://example.com/x ==> --url=https://example.com/x
        --at=10:00:00 ==> --at=10:00:00
        --user=bob ==> --user=bob
        --url=postgresql://app:S307pw@h/db ==> --url=postgresql://app:****@h/db
        """)
    void anOptionsUserAndPasswordIsMaskedAsAUsageErrorEchoesIt(String argument, String masked) {
        assertThat(Secrets.maskOptionArgument(argument)).isEqualTo(masked);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@x/root:Hunter2x@/app", "@a/b/sshpass -p Hunter2x", "@root:Hunter2x@/app",
        "@a/postgresql://u:Hunter2x@h/db"})
    void anInvalidReferenceIsShownMaskedPartByPart(String typed) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.stacksolo.registry.types.Reference.parse(typed))
                .isInstanceOf(dev.stacksolo.registry.InvalidReferenceException.class)
                .hasMessageContaining("invalid reference '@").hasMessageNotContaining("Hunter2x");
    }
}
