package dev.stacksolo.bench.jmh;

import dev.stacksolo.registry.Secrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Secrets}' cost on a PostgreSQL deploy result: the masked copy ({@code public_outputs}) of
 * one project's 50 resources' outputs, as the workload's phase 4 writes them (docs/benchmark.md),
 * and the key-name rule alone on their six keys.
 *
 * <p>Run with {@code bench/jmh Secrets} (build first).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SecretsBenchmarks {

    /** The outputs of project 7's 50 resources, as the workload sets them. */
    private final List<Map<String, Object>> outputs = new ArrayList<>();

    public SecretsBenchmarks() {
        int p = 7;
        for (int r = 0; r < 50; r++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("url", "https://res-" + r + ".p" + p + ".example.run.app");
            values.put("connectionString", "postgresql://u:pw@10.0." + (p % 250) + "." + ("res-" + r).length() + "/db");
            values.put("host", "10.1." + (p % 250) + ".1");
            values.put("name", "res-" + r);
            values.put("selfLink", "sl/res-" + r);
            values.put("secretId", "sec/res-" + r);
            outputs.add(values);
        }
    }

    @Benchmark
    public List<Map<String, Object>> maskDeployResultOf50Resources() {
        List<Map<String, Object>> masked = new ArrayList<>(outputs.size());
        for (Map<String, Object> values : outputs) {
            masked.add(Secrets.mask(values, Set.of()));
        }
        return masked;
    }

    @Benchmark
    public int isSecretKeyOfSixKeys() {
        int secret = 0;
        for (String key : outputs.get(0).keySet()) {
            if (Secrets.isSecretKey(key)) {
                secret++;
            }
        }
        return secret;
    }
}
