package dev.stacksolo.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A logged command-line argument ({@code sessions.args}) goes through every masking rule, also when
 * it holds a {@code NAME=value} assignment beside other shapes: only a whole {@code NAME=value}
 * argument is cut to its name.
 */
class ArgumentMaskingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "https://u:ARGPW3@h failed; DB_PASSWORD=zzz | ARGPW3 | https://u:****@h failed; DB_PASSWORD=****",
        "--error=https://u:ARGPW4@h failed; DB_PASSWORD=zzz | ARGPW4 | --error=https://u:****@h failed; DB_PASSWORD=****",
        "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa rejected; password=x1y2 | ghp_aaaa | **** rejected; password=****",
        "Authorization: Basic O33_LEAK; API_TOKEN=t0k | O33_LEAK | Authorization: Basic ****; API_TOKEN=****",
        "PGPASSWORD=abc https://u:ARGPW5@h | ARGPW5 | PGPASSWORD=****",
        "--password=hunter2 | hunter2 | --password=****",
        "--error=x xoxp-123-456-O12_LEAK token=q | O12_LEAK | --error=x **** token=****",
    })
    void everyRuleAppliesToEveryArgument(String argument, String secret, String logged) {
        String masked = EventLogService.maskArgument(argument);

        assertThat(masked).doesNotContain(secret).isEqualTo(logged);
    }

    @org.junit.jupiter.api.Test
    void theWordAfterASecretOptionIsMaskedAndOurFlagsArgumentsAreNot() {
        assertThat(EventLogService.maskArguments(java.util.List.of("deploy", "--db-password", "ARGPW6", "--region",
                "eu", "--token", "--verbose", "history", "--show-secrets", "@p/main/db")))
                .containsExactly("deploy", "--db-password", "****", "--region", "eu", "--token", "--verbose", "history",
                        "--show-secrets", "@p/main/db");
    }

    @org.junit.jupiter.api.Test
    void aToolsPasswordOptionIsMaskedAmongTheWordsOfACommand() {
        assertThat(EventLogService.maskArguments(java.util.List.of("run", "api", "--", "docker", "login", "-p", "ARGPW7",
                "ghcr.io")))
                .containsExactly("run", "api", "--", "docker", "login", "-p", "****", "ghcr.io");
        assertThat(EventLogService.maskArguments(java.util.List.of("run", "api", "--", "redis-cli", "-a", "ARGPW8", "ping")))
                .containsExactly("run", "api", "--", "redis-cli", "-a", "****", "ping");
        assertThat(EventLogService.maskArguments(java.util.List.of("run", "web", "--", "docker", "run", "-p", "8080:80")))
                .containsExactly("run", "web", "--", "docker", "run", "-p", "8080:80");
    }
}
