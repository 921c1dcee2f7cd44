package dev.stacksolo.cli;

import dev.stacksolo.registry.PermissionDeniedException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.types.ProjectDependency;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.StaleProject;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stacksolo graph}: projects and the cross-project references between them. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Show the graph of projects: each project (with its status) and the projects it reads",
            "from, labelled with the resources and properties it reads. Recorded by register and sync.",
            "Formats: text, dot (Graphviz), mermaid (code hosts render it), json (also --json).",
            "An edge whose values changed since its reader last deployed is marked stale (red in dot and mermaid)."},
        footerHeading = "%nExamples:%n",
        footer = {"  stacksolo graph", "  stacksolo graph --format dot | dot -Tsvg > graph.svg",
            "  stacksolo graph --format mermaid", "  stacksolo graph --json | jq '.edges[] | .reference'"})
final class GraphCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { text, dot, mermaid, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--json", description = "The same as --format json: {nodes: [{name, status, registered}],"
            + " edges: [{from, to, network, resource, property, reference, path}]}.")
    boolean json;

    /** A node: a registered project, or a project referenced but not registered (status empty). */
    private record Node(String name, String status) {}

    /**
     * An edge: {@code from} reads {@code labels} of {@code to}; {@code stale} when one of those
     * references resolves differently than at {@code from}'s last deploy.
     */
    private record Edge(String from, String to, List<String> labels, List<ProjectDependency> references,
            Set<String> staleLabels) {

        boolean stale() {
            return !staleLabels.isEmpty();
        }

        /** The labels, each stale one marked with {@code mark}. */
        List<String> marked(String mark) {
            return labels.stream().map(label -> staleLabels.contains(label) ? label + mark : label).toList();
        }
    }

    @Override
    public Integer call() {
        try (Cli cli = Cli.forReading(spec)) {
            Registry registry = cli.registry();
            Map<String, Node> nodes = new TreeMap<>();
            for (RegistryProject project : registry.service().listProjects()) {
                nodes.put(project.name(), new Node(project.name(), project.status().value()));
            }
            Map<String, Map<String, List<ProjectDependency>>> grouped = new TreeMap<>();
            for (ProjectDependency dependency : registry.references().allDependencies()) {
                grouped.computeIfAbsent(dependency.from(), k -> new TreeMap<>())
                        .computeIfAbsent(dependency.to(), k -> new ArrayList<>()).add(dependency);
                nodes.putIfAbsent(dependency.to(), new Node(dependency.to(), "not registered"));
            }
            Set<String> changed = changedReferences(registry);
            List<Edge> edges = new ArrayList<>();
            grouped.forEach((from, targets) -> targets.forEach((to, references) -> edges.add(new Edge(from, to,
                    List.copyOf(new TreeSet<>(references.stream().map(ProjectDependency::label).toList())), references,
                    Set.copyOf(references.stream().filter(reference -> changed.contains(staleKey(reference)))
                            .map(ProjectDependency::label).toList())))));
            // no colour in any format: every escape sequence in it came from stored text
            if (json && format != Format.text && format != Format.json) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--json is --format json; give one of them, not --format " + format + " too");
            }
            cli.out().print(Terminal.escape(switch (json ? Format.json : format) {
                case text -> text(nodes, edges);
                case dot -> dot(nodes, edges);
                case mermaid -> mermaid(nodes, edges);
                case json -> json(nodes, edges, changed);
            }, true));
            cli.out().flush();
            return 0;
        }
    }

    private static String text(Map<String, Node> nodes, List<Edge> edges) {
        if (nodes.isEmpty()) {
            return "No projects registered.\n";
        }
        StringBuilder out = new StringBuilder();
        for (Node node : nodes.values()) {
            out.append(node.name()).append(" (").append(node.status()).append(")\n");
            List<Edge> outgoing = edges.stream().filter(edge -> edge.from().equals(node.name())).toList();
            for (int i = 0; i < outgoing.size(); i++) {
                Edge edge = outgoing.get(i);
                out.append(i == outgoing.size() - 1 ? "  └─▶ " : "  ├─▶ ").append(edge.to()).append(": ")
                        .append(String.join(", ", edge.marked(" [stale]"))).append('\n');
            }
        }
        return out.toString();
    }

    private static String dot(Map<String, Node> nodes, List<Edge> edges) {
        StringBuilder out = new StringBuilder("digraph stacksolo {\n  rankdir=LR;\n  node [shape=box, style=rounded];\n");
        for (Node node : nodes.values()) {
            out.append("  ").append(quoteDot(node.name())).append(" [label=").append(quoteDot(node.name() + "\n" + node.status()))
                    .append(node.status().equals("not registered") ? ", style=dashed" : "").append("];\n");
        }
        for (Edge edge : edges) {
            out.append("  ").append(quoteDot(edge.from())).append(" -> ").append(quoteDot(edge.to()))
                    .append(" [label=").append(quoteDot(String.join("\n", edge.marked(" (stale)"))))
                    .append(edge.stale() ? ", color=red, fontcolor=red, style=bold" : "").append("];\n");
        }
        return out.append("}\n").toString();
    }

    private static String quoteDot(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String mermaid(Map<String, Node> nodes, List<Edge> edges) {
        StringBuilder out = new StringBuilder("graph LR\n");
        Map<String, String> ids = new LinkedHashMap<>();
        for (Node node : nodes.values()) {
            String id = "p" + ids.size();
            ids.put(node.name(), id);
            out.append("  ").append(id).append("[\"").append(mermaidText(node.name())).append("<br/><small>")
                    .append(mermaidText(node.status())).append("</small>\"]\n");
        }
        List<String> staleLinks = new ArrayList<>(); // mermaid styles links by their position
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            if (edge.stale()) {
                staleLinks.add(String.valueOf(i));
            }
            out.append("  ").append(ids.get(edge.from())).append(edge.stale() ? " ==>|\"" : " -->|\"")
                    .append(mermaidText(String.join(", ", edge.marked(" (stale)"))))
                    .append("\"| ").append(ids.get(edge.to())).append('\n');
        }
        if (!staleLinks.isEmpty()) {
            out.append("  linkStyle ").append(String.join(",", staleLinks))
                    .append(" stroke:#d00,color:#d00\n");
        }
        return out.toString();
    }

    private static String mermaidText(String text) {
        return text.replace("\"", "#quot;");
    }

    private static String json(Map<String, Node> nodes, List<Edge> edges, Set<String> changed) {
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("nodes", nodes.values().stream().map(node -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", node.name());
            view.put("status", node.status().equals("not registered") ? null : node.status());
            view.put("registered", !node.status().equals("not registered"));
            return view;
        }).toList());
        graph.put("edges", edges.stream().flatMap(edge -> edge.references().stream()).map(reference -> {
            Map<String, Object> view = edge(reference);
            view.put("stale", changed.contains(staleKey(reference)));
            return view;
        }).toList());
        return Views.json(graph) + "\n";
    }

    /**
     * The references that resolve differently than at their reader's last deploy, as
     * {@link #staleKey} keys; none for a role that may not read values (a PostgreSQL reader sees the
     * graph unmarked).
     */
    private static Set<String> changedReferences(Registry registry) {
        try {
            Set<String> changed = new HashSet<>();
            for (StaleProject project : registry.references().stale().stale()) {
                project.references().forEach(reference -> changed.add(project.project() + "\n" + reference.reference()));
            }
            return changed;
        } catch (PermissionDeniedException readerRole) {
            return Set.of();
        }
    }

    private static String staleKey(ProjectDependency dependency) {
        return dependency.from() + "\n" + dependency.reference();
    }

    /** One reference as a JSON edge. */
    static Map<String, Object> edge(ProjectDependency dependency) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", dependency.from());
        view.put("to", dependency.to());
        view.put("network", dependency.network().orElse(null));
        view.put("resource", dependency.resource());
        view.put("property", dependency.property().orElse(null));
        view.put("reference", dependency.reference());
        view.put("path", dependency.path());
        return view;
    }
}
