package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stacksolo.registry.db.PostgresGrants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/team-registry.md's roles SQL is what {@code stacksolo registry grants} prints, not a hand-written copy. */
class TeamRegistryDocTest {

    private static final Path DOC = Path.of("..", "docs", "team-registry.md");
    private static final String START = "<!-- generated: stacksolo registry grants --reader stacksolo_reader"
            + " --deployer stacksolo_deployer --admin stacksolo_admin -->\n```sql\n";
    private static final String END = "```\n<!-- end generated -->";

    @Test
    void theRolesSectionIsTheGeneratedSql() throws Exception {
        String doc = Files.readString(DOC);
        int start = doc.indexOf(START);
        int end = doc.indexOf(END);
        assertThat(start).as("the generated block's start marker in " + DOC).isNotNegative();
        assertThat(end).as("its end marker").isGreaterThan(start);

        String generated = PostgresGrants.sql("public", "stacksolo_reader", "stacksolo_deployer",
                Optional.of("stacksolo_admin"));

        assertThat(doc.substring(start + START.length(), end))
                .as("docs/team-registry.md is stale: paste the output of the command in its marker line")
                .isEqualTo(generated);
    }

    @Test
    void roleNamesThatAreNotPlainIdentifiersAreRefused() {
        assertThatThrownBy(() -> PostgresGrants.sql("public", "r; DROP TABLE projects", "d", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain SQL identifier");
    }
}
