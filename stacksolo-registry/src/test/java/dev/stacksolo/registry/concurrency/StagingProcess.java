package dev.stacksolo.registry.concurrency;

import dev.stacksolo.registry.ProjectLockedException;
import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.service.LockedDeployment;
import dev.stacksolo.registry.types.CreateDeploymentInput;
import dev.stacksolo.registry.types.DeploymentAction;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processes of {@link StagedDeployAcrossProcessesTest}, one role each. Every one opens the
 * registry, prints {@code ready}, does its part, and exits 1 on any unexpected failure.
 * <ul>
 *   <li>{@code hang <location> <project> <gen>}: starts a deploy held by this process, merges
 *       {@code gen=<gen>} into every resource of the project (one call each, a few ms apart), prints
 *       {@code staged}, then waits to be killed;</li>
 *   <li>{@code deployer <location> <project> <name> <rounds>}: {@code rounds} times, starts a deploy
 *       (waiting while another holds the lock), merges {@code gen=<name>-<round>} into every resource,
 *       succeeds; prints {@code deployed <name>-<round>} after each;</li>
 *   <li>{@code plain <location> <project> <resource> <stop file>}: until the stop file exists, merges
 *       {@code plain=p<i>} into the resource without a deployment; prints
 *       {@code plain last=<last i that was written> ok=<n> refused=<n>};</li>
 *   <li>{@code reader <location> <project> <stop file>}: until the stop file exists, reads the
 *       project's resources (one query) and checks that they all carry one {@code gen}; prints
 *       {@code reader samples=<n> mixed=<n> gens=<the gens seen, in order>} and any mixed sample;</li>
 *   <li>{@code refreader <location> <project> <stop file> <snapshot|separate>}: as {@code reader}, but
 *       each sample resolves the references {@code @<project>/main/<resource>.gen} of every resource
 *       of the project, all in one {@link Registry#inSnapshot} ({@code snapshot}: what the commands
 *       that resolve several references do) or one read each ({@code separate}: what they did before,
 *       which can mix; kept to show that the test can fail); prints {@code reader …} as
 *       {@code reader} does.</li>
 * </ul>
 */
public final class StagingProcess {

    private StagingProcess() {}

    public static void main(String[] args) throws Exception {
        String role = args[0];
        try (Registry registry = Registry.open(args[1])) {
            RegistryProject project = registry.service().findProjectByName(args[2]).orElseThrow();
            System.out.println("ready");
            System.out.flush();
            switch (role) {
                case "hang" -> hang(registry, project, args[3]);
                case "deployer" -> deployer(registry, project, args[3], Integer.parseInt(args[4]));
                case "plain" -> plain(registry, project, args[3], Path.of(args[4]));
                case "reader" -> reader(registry, project, Path.of(args[3]));
                case "refreader" -> refReader(registry, project, Path.of(args[3]), args[4].equals("snapshot"));
                default -> throw new IllegalArgumentException(role);
            }
        } catch (RuntimeException e) {
            e.printStackTrace(System.out);
            System.out.flush();
            System.exit(1);
        }
    }

    private static CreateDeploymentInput deploy(RegistryProject project) {
        return CreateDeploymentInput.builder().projectId(project.id()).action(DeploymentAction.DEPLOY)
                .configSnapshot(Map.of()).build();
    }

    private static void hang(Registry registry, RegistryProject project, String gen) throws InterruptedException {
        LockedDeployment deploy = registry.deployments().start(deploy(project)).keepAlive();
        for (RegistryResource resource : registry.service().findResourcesByProject(project.id())) {
            deploy.mergeResourceOutputs(resource.id(), Map.of("gen", gen));
            Thread.sleep(15);
        }
        System.out.println("staged " + deploy.id());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void deployer(Registry registry, RegistryProject project, String name, int rounds)
            throws InterruptedException {
        for (int round = 0; round < rounds; round++) {
            LockedDeployment deploy;
            while (true) {
                try {
                    deploy = registry.deployments().start(deploy(project));
                    break;
                } catch (ProjectLockedException busy) {
                    Thread.sleep(3);
                }
            }
            String gen = name + "-" + round;
            try (LockedDeployment held = deploy) {
                for (RegistryResource resource : registry.service().findResourcesByProject(project.id())) {
                    held.mergeResourceOutputs(resource.id(), Map.of("gen", gen));
                    Thread.sleep(2);
                }
                held.succeed();
            }
            System.out.println("deployed " + gen);
            System.out.flush();
        }
    }

    private static void plain(Registry registry, RegistryProject project, String resourceName, Path stop)
            throws InterruptedException {
        RegistryResource resource = registry.service().findResourceByRef(project.id(), resourceName).orElseThrow();
        int last = 0;
        int ok = 0;
        int refused = 0;
        for (int i = 1; !Files.exists(stop); i++) {
            try {
                registry.service().mergeResourceOutputs(resource.id(), Map.of("plain", "p" + i));
                last = i;
                ok++;
            } catch (ProjectLockedException locked) {
                if (!locked.getMessage().contains("is being deployed")) {
                    throw locked;
                }
                refused++;
            }
            Thread.sleep(2);
        }
        System.out.println("plain last=" + last + " ok=" + ok + " refused=" + refused);
    }

    private static void reader(Registry registry, RegistryProject project, Path stop) {
        int samples = 0;
        int mixed = 0;
        Set<String> seen = new LinkedHashSet<>();
        List<String> examples = new ArrayList<>();
        while (!Files.exists(stop)) {
            Set<Object> gens = new LinkedHashSet<>();
            for (RegistryResource resource : registry.service().findResourcesByProject(project.id())) {
                gens.add(resource.outputs().map(outputs -> outputs.get("gen")).orElse(null));
            }
            samples++;
            if (gens.size() != 1) {
                mixed++;
                if (examples.size() < 3) {
                    examples.add(gens.toString());
                }
            }
            gens.forEach(gen -> seen.add(String.valueOf(gen)));
        }
        examples.forEach(example -> System.out.println("mixed sample " + example));
        System.out.println("reader samples=" + samples + " mixed=" + mixed + " gens=" + String.join(",", seen));
    }

    private static void refReader(Registry registry, RegistryProject project, Path stop, boolean snapshot) {
        List<String> references = registry.service().findResourcesByProject(project.id()).stream()
                .map(resource -> "@" + project.name() + "/main/" + resource.name() + ".gen").toList();
        int samples = 0;
        int mixed = 0;
        Set<String> seen = new LinkedHashSet<>();
        List<String> examples = new ArrayList<>();
        while (!Files.exists(stop)) {
            List<String> values = snapshot
                    ? registry.inSnapshot(r -> references.stream().map(r.references()::resolve).toList())
                    : references.stream().map(registry.references()::resolve).toList();
            Set<String> gens = new LinkedHashSet<>(values);
            samples++;
            if (gens.size() != 1) {
                mixed++;
                if (examples.size() < 3) {
                    examples.add(values.toString());
                }
            }
            seen.addAll(gens);
        }
        examples.forEach(example -> System.out.println("mixed sample " + example));
        System.out.println("reader samples=" + samples + " mixed=" + mixed + " gens=" + String.join(",", seen));
    }
}
