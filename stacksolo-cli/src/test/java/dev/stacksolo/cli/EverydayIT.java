package dev.stacksolo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges a new user meets (issue 17, part 5): typos, a second register, event ids by prefix,
 * dry runs that fail as the real thing, --json everywhere, one time format, tables that fit the
 * terminal, all outputs of one resource, examples in every help, completion of names and references.
 */
class EverydayIT {

    @TempDir
    Path home;

    StackSoloProcess stacksolo;
    Path infra;

    @BeforeEach
    void aProject() {
        stacksolo = StackSoloProcess.in(home);
        infra = stacksolo.project("infra", "shared-infra.json");
        stacksolo.cwd(infra).ok("sync");
        stacksolo.cwd(home);
    }

    @Test
    void aMistypedCommandSuggestsTheRightOneInAFewLines() {
        StackSoloProcess.Result result = stacksolo.run("lsit");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().lines().toList()).containsExactly("error: 'lsit' is not a stacksolo command.",
                "Did you mean: stacksolo list?", "Run 'stacksolo --help' for the list of commands.");
        assertThat(stacksolo.run("events", "shwo").stderr()).contains("Did you mean: stacksolo events show?");
    }

    @Test
    void aUsageErrorIsTwoOrThreeLinesAndMasksWhatLooksSecret() {
        StackSoloProcess.Result typo = stacksolo.run("refs", "--chek");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.stderr().lines().toList()).containsExactly("error: Unknown option: '--chek'",
                "Did you mean: --check?", "Run 'stacksolo refs --help' for its usage and examples.");

        StackSoloProcess.Result url = stacksolo.run("deployment", "finish", "abc", "--status", "failed", "--error", "x",
                "postgresql://app:HUNTER2@db/app");
        StackSoloProcess.Result option = stacksolo.run("outputs", "set", "@shared-infra/users-db", "--password=HUNTER3");
        StackSoloProcess.Result command = stacksolo.run("token=HUNTER4");
        for (StackSoloProcess.Result result : List.of(url, option, command)) {
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.stderr()).doesNotContain("HUNTER").contains("****").hasLineCount(result == command ? 3 : 2);
        }
    }

    @Test
    void registerInARegisteredFolderSaysSoAndNeverRegistered() {
        StackSoloProcess.Result again = stacksolo.cwd(infra).run("register");

        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).isEmpty();
        assertThat(again.stderr()).isEqualTo("Project shared-infra (acme-shared, us-central1) is already registered from"
                + " this folder; nothing changed. `stacksolo register --force` updates it from the config, `stacksolo"
                + " sync` records its resources.\n");
    }

    @Test
    void eventsShowTakesAUniquePrefixOfASessionId() {
        String id = (String) stacksolo.ok("events", "list", "--json").jsonArray().get(0).get("id");

        StackSoloProcess.Result shown = stacksolo.ok("events", "show", id.substring(0, 8));

        assertThat(shown.stdout()).startsWith("Session " + id + ": sync");
        StackSoloProcess.Result unknown = stacksolo.run("events", "show", "zzzz");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("error: no session has id 'zzzz'");
    }

    @Test
    void syncDryRunFailsAsSyncWouldAndChangesNothing() {
        // the folder is registered as shared-infra; its config now names another project
        stacksolo.projectWithConfig("infra", """
                {"project": {"name": "renamed", "gcpProjectId": "acme-shared", "region": "us-central1",
                  "networks": [{"name": "main", "databases": [{"name": "users-db"}], "caches": [{"name": "extra"}]}]}}
                """);
        String before = stacksolo.ok("list", "--json").stdout();

        StackSoloProcess.Result dryRun = stacksolo.cwd(infra).run("sync", "--dry-run");
        StackSoloProcess.Result sync = stacksolo.cwd(infra).run("sync");

        assertThat(dryRun.exitCode()).isEqualTo(1);
        assertThat(dryRun.stdout()).as("nothing printed of what it would do").isEmpty();
        assertThat(dryRun.stderr()).isEqualTo(sync.stderr()).contains("this folder is registered as 'shared-infra'");
        assertThat(sync.exitCode()).isEqualTo(1);
        assertThat(stacksolo.cwd(home).ok("list", "--json").stdout()).isEqualTo(before);
    }

    @Test
    void syncDryRunOfAValidChangePrintsThePlanAndWritesNothing() {
        stacksolo.projectWithConfig("infra", """
                {"project": {"name": "shared-infra", "gcpProjectId": "acme-shared", "region": "us-central1",
                  "networks": [{"name": "main", "databases": [{"name": "users-db", "tier": "db-f1-micro"}],
                  "caches": [{"name": "sessions"}, {"name": "extra"}]}]}}
                """);

        Map<String, Object> plan = stacksolo.cwd(infra).ok("sync", "--dry-run", "--json").jsonObject();

        assertThat(plan.keySet()).containsExactly("project", "registered", "dryRun", "added", "updated", "unchanged",
                "stale", "warnings");
        assertThat(plan).containsEntry("project", "shared-infra").containsEntry("registered", false)
                .containsEntry("dryRun", true).containsEntry("unchanged", 0)
                .containsEntry("added", List.of(Map.of("type", "cache", "name", "extra", "network", "main")));
        assertThat((List<?>) plan.get("updated")).hasSize(2);
        assertThat(stacksolo.ok("list", "shared-infra", "--json").jsonObject().get("resources").toString())
                .doesNotContain("extra");
    }

    @Test
    void doctorAndGraphPrintJson() {
        Map<String, Object> doctor = stacksolo.ok("doctor", "--json").jsonObject();
        assertThat(doctor.keySet()).containsExactly("registry", "fixed", "findings", "problems");
        assertThat(doctor).containsEntry("problems", 0).containsEntry("fixed", List.of());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> findings = (List<Map<String, Object>>) doctor.get("findings");
        assertThat(findings.get(0).keySet()).containsExactly("check", "problem", "summary", "meaning", "fix");
        assertThat(findings).extracting(f -> f.get("check")).contains("schema", "integrity", "permissions");

        assertThat(stacksolo.ok("graph", "--json").stdout()).isEqualTo(stacksolo.ok("graph", "--format", "json").stdout());
        assertThat(stacksolo.ok("graph", "--json").jsonObject().keySet()).containsExactly("nodes", "edges");
    }

    @Test
    void everyTextViewShowsTimesInOneFormatWithTheZone() {
        stacksolo.env("TZ", "Asia/Kolkata");
        String time = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+05:30";

        assertThat(stacksolo.ok("events", "list").stdout()).containsPattern(time);
        assertThat(stacksolo.ok("events", "show").stdout()).containsPattern("started " + time);
        assertThat(stacksolo.ok("list", "shared-infra").stdout()).containsPattern("Registered +" + time);
        stacksolo.cwd(infra).ok("deployment", "start");
        assertThat(stacksolo.ok("status").stdout()).containsPattern("started " + time)
                .containsPattern("since " + time);
        StackSoloProcess.Result locked = stacksolo.run("deployment", "start");
        assertThat(locked.stderr()).containsPattern("started " + time);
        assertThat(stacksolo.ok("events", "list", "--json").jsonArray().get(0).get("startedAt").toString())
                .as("JSON keeps ISO-8601 UTC").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    }

    @Test
    void tablesFitTheTerminalWidthAndJsonKeepsEverything() {
        String longName = "a-project-with-a-rather-long-name-that-goes-on-and-on";
        stacksolo.cwd(stacksolo.projectWithConfig("long", "{\"project\": {\"name\": \"" + longName
                + "\", \"gcpProjectId\": \"an-equally-long-gcp-project-id\", \"region\": \"europe-west1\"}}"))
                .ok("sync");
        stacksolo.cwd(home);

        String narrow = stacksolo.env("COLUMNS", "50").ok("list").stdout();
        assertThat(narrow.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
        assertThat(narrow).contains("…").doesNotContain(longName);
        assertThat(stacksolo.ok("list", "--json").stdout()).contains(longName);
        String piped = stacksolo.env("COLUMNS", null).ok("list").stdout();
        assertThat(piped).as("a pipe gets every character").contains(longName);
    }

    @Test
    void outputsListShowsEveryOutputOfOneResourceMasked() {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=postgresql://app:s3cret@db/users",
                "host=10.0.0.5", "port=5432", "instance=users-1", "password=hunter2", "--sensitive", "password");

        String text = stacksolo.ok("outputs", "list", "@shared-infra/main/users-db").stdout();
        assertThat(text.lines().toList()).hasSize(6);
        assertThat(text).contains("postgresql://app:****@db/users").contains("<sensitive>").contains("instance")
                .contains("users-1").doesNotContain("s3cret").doesNotContain("hunter2");
        assertThat(stacksolo.ok("outputs", "list", "@shared-infra/users-db", "--show-secrets").stdout())
                .contains("s3cret").contains("hunter2");
        Map<String, Object> json = stacksolo.ok("outputs", "list", "@shared-infra/main/users-db", "--json").jsonObject();
        assertThat(json.keySet()).containsExactly("reference", "resource", "outputs", "sensitive");
        assertThat(json).containsEntry("sensitive", List.of("password"));
        assertThat(json.get("outputs").toString()).doesNotContain("hunter2");
    }

    /**
     * Commands that print nothing of their own to describe in JSON: groups, the child's output
     * ({@code run}), a shell script, SQL for psql, a document that is JSON already, and {@code env},
     * whose {@code --format json} is its JSON.
     */
    static final List<String> WITHOUT_JSON = List.of("", "help", "outputs", "deployment", "events", "registry", "run",
            "completion", "registry grants", "registry export", "env");

    @Test
    void everyCommandThatPrintsSomethingTakesJson() {
        List<String> missing = new ArrayList<>();
        for (String[] command : COMMANDS) {
            String name = String.join(" ", command);
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            // an option line of its own: a description that mentions `pulumi stack output --json` does not count
            if (!WITHOUT_JSON.contains(name) && !stacksolo.ok(args.toArray(String[]::new)).stdout()
                    .matches("(?s).*\\n {2,}(-\\w, )?--json\\b.*")) {
                missing.add(name);
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theCommandsThatChangeTheRegistryDescribeWhatTheyDidInJson() {
        Map<String, Object> registered = stacksolo.cwd(infra).ok("register", "--json").jsonObject();
        assertThat(registered.keySet()).containsExactly("project", "outcome", "movedFrom", "configPath");
        assertThat(registered).containsEntry("outcome", "unchanged").containsEntry("movedFrom", null);
        assertThat(((Map<?, ?>) registered.get("project")).get("name")).isEqualTo("shared-infra");

        Map<String, Object> started = stacksolo.cwd(infra).ok("deployment", "start", "--json").jsonObject();
        assertThat(started.keySet()).containsExactly("id", "project", "projectId", "action", "lock");
        assertThat(((Map<?, ?>) started.get("lock")).get("lockId")).isEqualTo(started.get("id"));
        Map<String, Object> finished = stacksolo.ok("deployment", "finish", (String) started.get("id"), "--status",
                "failed", "--error", "apply failed: password=hunter2", "--json").jsonObject();
        assertThat(finished).containsEntry("id", started.get("id")).containsEntry("status", "failed");
        assertThat(finished.get("error").toString()).doesNotContain("hunter2");

        String held = (String) stacksolo.cwd(infra).ok("deployment", "start", "--json").jsonObject().get("id");
        Map<String, Object> unlocked = stacksolo.cwd(home).ok("unlock", "shared-infra", "--lock-id", held, "--json")
                .jsonObject();
        assertThat(unlocked.keySet()).containsExactly("project", "lock", "deploymentStatus");
        assertThat(((Map<?, ?>) unlocked.get("lock")).get("lockId")).isEqualTo(held);
        assertThat(stacksolo.ok("history", "shared-infra", "--json").jsonArray()).extracting(d -> d.get("status"))
                .containsOnly("failed");

        assertThat(stacksolo.ok("events", "prune", "--older-than", "30d", "--json").jsonObject())
                .containsOnlyKeys("olderThanSeconds", "events", "sessions").containsEntry("olderThanSeconds", 2_592_000);

        Path export = home.resolve("export.json");
        assertThat(stacksolo.run("registry", "export", "--output", export.toString()).stderr())
                .startsWith("Exported projects: 1, ");
        Map<String, Object> imported = stacksolo.ok("registry", "import", export.toString(),
                "--registry", home.resolve("copy.db").toString(), "--json").jsonObject();
        assertThat(imported.keySet()).containsExactly("registry", "tables");
        assertThat(((Map<?, ?>) ((Map<?, ?>) imported.get("tables")).get("projects")).get("inserted")).isEqualTo(1);
        Map<String, Object> migrated = stacksolo.ok("registry", "migrate", "--to", home.resolve("moved.db").toString(),
                "--json").jsonObject();
        assertThat(migrated.keySet()).containsExactly("source", "target", "tables", "sourceRows", "targetOwnRows",
                "checksum");

        Map<String, Object> set = stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "host=10.0.0.5",
                "password=hunter2", "--sensitive", "password", "--json").jsonObject();
        assertThat(set).containsEntry("reference", "@shared-infra/main/users-db")
                .containsEntry("keys", List.of("host", "password")).containsEntry("sensitive", List.of("password"))
                .containsEntry("deployment", null);
        assertThat(set.toString()).doesNotContain("hunter2");

        Map<String, Object> removed = stacksolo.ok("unregister", "shared-infra", "--yes", "--json").jsonObject();
        assertThat(removed).containsEntry("project", "shared-infra").containsEntry("resources", 2);
    }

    /** Every command, as help lists them. */
    static final List<String[]> COMMANDS = List.of(new String[] {}, new String[] {"help"}, new String[] {"list"},
            new String[] {"register"}, new String[] {"unregister"}, new String[] {"status"}, new String[] {"output"},
            new String[] {"env"}, new String[] {"run"}, new String[] {"history"}, new String[] {"sync"},
            new String[] {"outputs"}, new String[] {"outputs", "set"}, new String[] {"outputs", "list"},
            new String[] {"outputs", "history"}, new String[] {"outputs", "diff"}, new String[] {"outputs", "prune"},
            new String[] {"deployment"}, new String[] {"deployment", "start"}, new String[] {"deployment", "finish"},
            new String[] {"unlock"}, new String[] {"events"}, new String[] {"events", "list"},
            new String[] {"events", "show"}, new String[] {"events", "prune"}, new String[] {"refs"},
            new String[] {"graph"}, new String[] {"dependents"}, new String[] {"stale"}, new String[] {"doctor"}, new String[] {"registry"},
            new String[] {"registry", "export"}, new String[] {"registry", "import"}, new String[] {"registry", "migrate"},
            new String[] {"registry", "grants"}, new String[] {"completion"}, new String[] {"version"});

    @Test
    void everyCommandsHelpHasExamplesAndIsWrappedAtSpacesWithinEightyColumns() {
        List<String> problems = new ArrayList<>();
        for (String[] command : COMMANDS) {
            List<String> args = new ArrayList<>(List.of(command));
            args.add("--help");
            String help = stacksolo.ok(args.toArray(String[]::new)).stdout();
            String name = String.join(" ", command);
            int examples = help.indexOf("\nExamples:\n");
            if (examples < 0) {
                problems.add(name + ": no Examples section");
                continue;
            }
            List<String> exampleLines = help.substring(examples + "\nExamples:\n".length()).lines().toList();
            if (exampleLines.isEmpty() || !exampleLines.stream().allMatch(l -> l.startsWith("  ") && l.contains("stacksolo"))) {
                problems.add(name + ": examples are not command lines: " + exampleLines);
            }
            for (String line : help.substring(0, examples).lines().toList()) {
                if (line.length() > 80 && line.trim().contains(" ")) {
                    problems.add(name + ": a line wider than 80 columns: " + line);
                }
            }
            // picocli cut this one after "~/." before: a path is never broken
            if (help.contains("--registry") && !help.contains("~/.stacksolo/registry.db")) {
                problems.add(name + ": the default registry path is broken across lines");
            }
        }
        assertThat(problems).isEmpty();
        // a command added later must be in the list above (and so have examples)
        String root = stacksolo.ok("--help").stdout();
        List<String> listed = root.substring(root.indexOf("Commands:")).lines().skip(1)
                .takeWhile(line -> !line.isBlank()).filter(line -> line.matches("  [a-z]+ .*"))
                .map(line -> line.trim().split(" ")[0]).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(COMMANDS.stream().filter(c -> c.length == 1)
                .map(c -> c[0]).toList());
    }

    private String complete(String shell, String line, String current) throws Exception {
        String script = shell.equals("bash")
                ? "source <(stacksolo completion); COMP_WORDS=(" + line + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1));"
                        + " COMP_LINE=\"${COMP_WORDS[*]}\"; _stacksolo_registry_words; printf '%s\\n' \"${COMPREPLY[@]}\""
                // zsh: through bashcompinit's compgen, as its completion system calls a bash function
                : "source <(stacksolo completion); COMP_WORDS=(" + line + "); COMP_CWORD=$((${#COMP_WORDS}-1));"
                        + " COMP_LINE=\"$COMP_WORDS\"; compgen -F _stacksolo_registry_words -- '" + current + "'";
        Path output = home.resolve(shell + System.nanoTime() + ".out");
        Process process = stacksolo.spawnShell(shell, script, output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
    }

    @Test
    void completionOffersProjectNamesAndReferencesInBashAndZsh() throws Exception {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=postgresql://app:s3cret@db/users",
                "private_key_pem=secret-pem");

        String references = complete("bash", "stacksolo output @shared-infra/main/u", "@shared-infra/main/u");
        assertThat(references.lines().toList()).containsExactly("@shared-infra/main/users-db",
                "@shared-infra/main/users-db.connectionString", "@shared-infra/main/users-db.private_key_pem");
        assertThat(complete("bash", "stacksolo list sh", "sh").lines().toList()).containsExactly("shared-infra");
        assertThat(complete("bash", "stacksolo lis", "lis")).contains("list");

        String zsh = complete("zsh", "stacksolo output @shared-infra/main/u", "@shared-infra/main/u");
        assertThat(zsh).contains("@shared-infra/main/users-db.connectionString").doesNotContain("s3cret")
                .doesNotContain("secret-pem");
        assertThat(complete("zsh", "stacksolo unregister sh", "sh")).contains("shared-infra");
    }

    @Test
    void completionNeverRunsWhatAStoredKeyHoldsAndOffersOnlyKeysAReferenceCanName() throws Exception {
        Path bashFile = home.resolve("pwned-bash");
        Path backquoteFile = home.resolve("pwned-backquote");
        Path zshFile = home.resolve("pwned-zsh");
        // KEY=VALUE takes names only: keys like these come from a --from document (or another tool)
        StackSoloProcess.Result set = stacksolo.runWithInput("{\"connectionString\": \"postgresql://db/users\","
                + " \"x$(touch " + bashFile + ")\": 1, \"y`touch " + backquoteFile + "`\": 2,"
                + " \"z$(touch " + zshFile + ")\": 3, \"has space\": 4, \"9lives\": 5, \"ok_key-2\": 6}",
                "outputs", "set", "@shared-infra/main/users-db", "--from", "-");
        assertThat(set.exitCode()).as(set.toString()).isZero();

        String bash = complete("bash", "stacksolo output @shared-infra/main/users-db", "@shared-infra/main/users-db");
        String zsh = complete("zsh", "stacksolo output @shared-infra/main/users-db", "@shared-infra/main/users-db");
        String interactive = typeInBash("stacksolo output @shared-infra/main/users-db.\t\t");

        assertThat(bashFile).as("nothing in a key ran").doesNotExist();
        assertThat(backquoteFile).doesNotExist();
        assertThat(zshFile).doesNotExist();
        for (String offered : List.of(bash, zsh)) {
            assertThat(offered.lines().toList()).containsExactly("@shared-infra/main/users-db",
                    "@shared-infra/main/users-db.connectionString", "@shared-infra/main/users-db.ok_key-2");
        }
        assertThat(interactive).contains("@shared-infra/main/users-db.ok_key-2").doesNotContain("touch")
                .doesNotContain("9lives").doesNotContain("has space");
        assertThat(stacksolo.ok("completion", "--candidates", "references").stdout()).doesNotContain("touch")
                .doesNotContain("9lives").doesNotContain("space").contains("@shared-infra/main/users-db.ok_key-2\n");
    }

    @Test
    void aPartialReferenceCompletesInBashWhoseWordBreaksSplitItAtTheAt() throws Exception {
        stacksolo.ok("outputs", "set", "@shared-infra/main/users-db", "connectionString=postgresql://db/users",
                "host=db");

        // COMP_WORDS as bash 5 splits the line with its default COMP_WORDBREAKS (which hold @): readline
        // replaces "@sh" (it keeps the @ of the word), so each reply keeps the @
        String partial = completeAsBashSplits("stacksolo output @sh", "stacksolo output @ sh");
        String property = completeAsBashSplits("stacksolo output @shared-infra/main/users-db.h",
                "stacksolo output @ shared-infra/main/users-db.h");
        Path elsewhere = home.resolve("no-registry-here.db");
        String withRegistry = completeAsBashSplits("stacksolo --registry=" + elsewhere + " output @sh",
                "stacksolo --registry = " + elsewhere + " output @ sh");

        assertThat(partial.lines().toList()).containsExactly("@shared-infra/main/sessions",
                "@shared-infra/main/users-db", "@shared-infra/main/users-db.connectionString",
                "@shared-infra/main/users-db.host");
        assertThat(property.lines().toList()).containsExactly("@shared-infra/main/users-db.host");
        assertThat(withRegistry).as("the registry the line names, split at its = too").isEmpty();
        // and in a real interactive bash (readline, a terminal), as a user presses TAB
        assertThat(typeInBash("stacksolo output @sh\t")).contains("[stacksolo output @shared-infra/main/]");
        assertThat(typeInBash("stacksolo output @shared-infra/main/users-db.h\t"))
                .contains("[stacksolo output @shared-infra/main/users-db.host ]");
        assertThat(typeInBash("stacksolo list sh\t")).contains("[stacksolo list shared-infra ]");
    }

    @Test
    void completionTakesTheShellsNameAndRefusesAnyOther() {
        String script = stacksolo.ok("completion").stdout();

        assertThat(stacksolo.ok("completion", "bash").stdout()).isEqualTo(script);
        assertThat(stacksolo.ok("completion", "zsh").stdout()).isEqualTo(script);
        StackSoloProcess.Result fish = stacksolo.run("completion", "fish");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.stdout()).isEmpty();
        assertThat(fish.stderr()).startsWith("error: 'fish' is not a shell this script is for; give bash or zsh");
    }

    /** The replies of the completion function for {@code line}, with COMP_WORDS as bash split it ({@code words}). */
    private String completeAsBashSplits(String line, String words) throws Exception {
        String script = "source <(stacksolo completion bash); COMP_WORDS=(" + words + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1));"
                + " COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _stacksolo_registry_words;"
                + " [ ${#COMPREPLY[@]} -gt 0 ] && printf '%s\\n' \"${COMPREPLY[@]}\"";
        Path output = home.resolve("split" + System.nanoTime() + ".out");
        Process process = stacksolo.spawnShell("bash", script, output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
    }

    /**
     * What an interactive bash in a terminal ({@code script(1)}) shows after {@code keys} are typed
     * (TAB as {@code \t}) with the completion loaded; the line then completed is echoed between
     * brackets ({@code [stacksolo output @…]}).
     */
    private String typeInBash(String keys) throws Exception {
        Path output = home.resolve("typed" + System.nanoTime() + ".out");
        String typed = "source <(stacksolo completion bash)\\n" + keys + "\\001echo \"[\\005]\"\\nexit\\n";
        Process process = stacksolo.spawnShell("bash", "printf '" + typed + "' | script -qec 'bash --norc --noprofile -i'"
                + " /dev/null", output);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
    }

    @Test
    void aMistypedSubcommandSuggestsTheCommandsItStartsFirst() {
        StackSoloProcess.Result result = stacksolo.run("outputs", "hist");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Did you mean: stacksolo outputs history, stacksolo outputs list?");
    }

    @Test
    void debugPrintsTheStackTraceWhereverItIsGivenBeforeTheCommandsOwnArguments() {
        for (List<String> args : List.of(List.of("--debug", "refs"), List.of("refs", "--debug"))) {
            StackSoloProcess.Result result = stacksolo.cwd(home).run(args.toArray(String[]::new));

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
            assertThat(result.stderr()).as(result.toString()).startsWith("error: ").contains("\tat dev.stacksolo.");
        }
        assertThat(stacksolo.run("refs").stderr()).doesNotContain("\tat ");
        StackSoloProcess.Result passedOn = stacksolo.cwd(infra).run("run", "nope", "--", "true", "--debug");
        assertThat(passedOn.stderr()).as("--debug after -- is the command's").doesNotContain("\tat ");
    }

    @Test
    void eventsShowNeedsFourCharactersOfAnIdInEitherCase() {
        String id = (String) stacksolo.ok("events", "list", "--json").jsonArray().get(0).get("id");

        StackSoloProcess.Result tooShort = stacksolo.run("events", "show", id.substring(0, 1));
        assertThat(tooShort.exitCode()).isEqualTo(2);
        assertThat(tooShort.stderr()).contains("'" + id.charAt(0) + "' is too short for a session id: give at least 4");
        assertThat(stacksolo.ok("events", "show", id.substring(0, 8).toUpperCase(java.util.Locale.ROOT)).stdout())
                .startsWith("Session " + id);
        assertThat(stacksolo.ok("events", "show", id.toUpperCase(java.util.Locale.ROOT)).stdout()).startsWith("Session " + id);
    }
}
