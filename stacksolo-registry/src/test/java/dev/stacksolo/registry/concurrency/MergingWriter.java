package dev.stacksolo.registry.concurrency;

import dev.stacksolo.registry.Registry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A writer process for {@link OutputsMergeAcrossProcessesTest}: opens the registry, prints
 * {@code ready}, waits until the file {@code go} exists (so that every writer races at once), then
 * merges {@code count} outputs {@code w<n>k<i>=v<i>}, one call each, into one resource: through
 * {@code RegistryService.mergeResourceOutputs}, or, given a deployment id, through
 * {@code DeploymentService.mergeResourceOutputs} on its behalf. Any failure exits 1.
 *
 * <p>Usage: {@code MergingWriter <registry location> <n> <count> <resource id> <go file> [deployment id]}.
 */
public final class MergingWriter {

    private MergingWriter() {}

    public static void main(String[] args) throws InterruptedException {
        String location = args[0];
        int writer = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        String resourceId = args[3];
        Path go = Path.of(args[4]);
        String deployment = args.length > 5 ? args[5] : null;
        try (Registry registry = Registry.open(location)) {
            System.out.println("ready");
            System.out.flush();
            while (!Files.exists(go)) {
                Thread.sleep(5);
            }
            for (int i = 1; i <= count; i++) {
                Map<String, String> output = Map.of("w" + writer + "k" + i, "v" + i);
                if (deployment == null) {
                    registry.service().mergeResourceOutputs(resourceId, output);
                } else {
                    registry.deployments().mergeResourceOutputs(deployment, resourceId, output);
                }
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
