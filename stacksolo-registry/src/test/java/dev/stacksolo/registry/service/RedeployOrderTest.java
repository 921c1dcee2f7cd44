package dev.stacksolo.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The redeploy order of {@code stale}: readers after what they read, cycles together, no recursion. */
class RedeployOrderTest {

    private static Map<String, Set<String>> graph(String... edges) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String edge : edges) {
            String[] ends = edge.split("->");
            graph.computeIfAbsent(ends[0], k -> new TreeSet<>()).add(ends[1]);
            graph.computeIfAbsent(ends[1], k -> new TreeSet<>());
        }
        return graph;
    }

    private static List<List<String>> order(Map<String, Set<String>> graph) {
        return Staleness.order(graph, Staleness.components(graph));
    }

    @Test
    void readersComeAfterWhatTheyReadWhateverTheirNames() {
        assertThat(order(graph("a->b", "b->c", "d->c"))).containsExactly(List.of("c"), List.of("b"), List.of("a"),
                List.of("d"));
    }

    @Test
    void aCycleIsOneGroupPlacedAfterWhatItReadsAndBeforeItsReaders() {
        assertThat(order(graph("x->y", "y->x", "y->base", "top->x"))).containsExactly(List.of("base"),
                List.of("x", "y"), List.of("top"));
    }

    @Test
    void aChainOfTwentyThousandProjectsNeedsNoDeepStack() {
        Map<String, Set<String>> chain = new TreeMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            chain.put(String.format("p%05d", i), i + 1 < n ? new TreeSet<>(Set.of(String.format("p%05d", i + 1)))
                    : new TreeSet<>());
        }
        chain.get(String.format("p%05d", n - 1)).add("p00000"); // and one cycle through all of them

        List<List<String>> components = Staleness.components(chain);

        assertThat(components).singleElement().satisfies(cycle -> assertThat(cycle).hasSize(n));
        chain.get(String.format("p%05d", n - 1)).clear();
        List<List<String>> ordered = order(chain);
        assertThat(ordered).hasSize(n);
        assertThat(ordered.get(0)).containsExactly(String.format("p%05d", n - 1));
        assertThat(ordered.get(n - 1)).containsExactly("p00000");
    }
}
