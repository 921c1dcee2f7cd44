package dev.stacksolo.cli;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.Finding;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo doctor [--fix]}: checks the registry's health, and repairs what is safe to repair. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the registry: file integrity, foreign keys, orphan rows, invalid JSON written by",
            "other tools, deployments left running by killed processes, file permissions and the schema",
            "version. Each problem says what it means and what --fix does. Exits 1 when something is wrong.",
            "--fix does only what is safe (delete unreachable rows, break stale locks recording why, make",
            "files private) and says what it did."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo doctor", "  stacksolo doctor --fix",
            "  stacksolo doctor --json | jq -r '.findings[] | select(.problem) | .summary'"})
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--fix", description = "Repair what is safe to repair, then check again.")
    boolean fix;

    @Option(names = "--json", description = "Print {registry, fixed, findings: [{check, problem, summary, meaning,"
            + " fix}], problems} as JSON (fixed: what --fix did, empty without it); the exit code is the same.")
    boolean json;

    @Override
    public Integer call() {
        try (Cli cli = fix ? Cli.of(spec) : Cli.forReading(spec)) {
            Registry registry = cli.registry();
            if (json) {
                List<String> done = fix ? registry.doctor().fix().stream().map(DoctorCommand::masked).toList() : List.of();
                List<Finding> findings = registry.doctor().check();
                long problems = findings.stream().filter(Finding::problem).count();
                java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
                view.put("registry", dev.stacksolo.registry.Locations.mask(registry.location()));
                view.put("fixed", done);
                view.put("findings", findings.stream().map(finding -> {
                    java.util.Map<String, Object> one = new java.util.LinkedHashMap<>();
                    one.put("check", finding.check().name().toLowerCase(java.util.Locale.ROOT));
                    one.put("problem", finding.problem());
                    one.put("summary", masked(finding.summary()));
                    one.put("meaning", finding.meaning().map(DoctorCommand::masked).orElse(null));
                    one.put("fix", finding.fix().map(DoctorCommand::masked).orElse(null));
                    return one;
                }).toList());
                view.put("problems", problems);
                cli.out().println(Views.json(view));
                return problems == 0 ? 0 : 1;
            }
            cli.out().println("Registry " + registry.location());
            if (fix) {
                List<String> done = registry.doctor().fix();
                for (String line : done) {
                    cli.out().println("fixed    " + masked(line));
                }
                if (done.isEmpty()) {
                    cli.out().println("fixed    nothing: nothing needed a safe repair");
                }
            }
            List<Finding> findings = registry.doctor().check();
            long problems = findings.stream().filter(Finding::problem).count();
            for (Finding finding : findings) {
                cli.out().println((finding.problem() ? "PROBLEM  " : "ok       ") + Terminal.escape(masked(finding.summary()), false));
                if (finding.problem()) {
                    finding.meaning().ifPresent(meaning -> cli.out().println("         means: " + masked(meaning)));
                    cli.out().println("         --fix: " + finding.fix().map(DoctorCommand::masked)
                            .orElse("leaves it (nothing safe to do automatically)"));
                }
            }
            if (problems == 0) {
                cli.out().println("No problems found.");
                return 0;
            }
            boolean fixable = findings.stream().anyMatch(f -> f.problem() && f.fix().isPresent());
            cli.out().println(problems + " problem" + (problems == 1 ? "" : "s") + " found."
                    + (fixable && !fix ? " Run `stacksolo doctor --fix` to repair what is safe to repair." : ""));
            return 1;
        }
    }

    /** A finding's text with the registry's path masked as the location is (a path may hold password=…). */
    private static String masked(String text) {
        return dev.stacksolo.registry.Locations.mask(text);
    }
}
