package dev.stacksolo.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the format's command line: entities with camelCase keys, timestamps as ISO
 * strings, absent values as null. Outputs are masked unless secrets are asked for.
 */
final class Views {

    private static final JSON PRETTY = dev.stacksolo.registry.db.Json.codec().with(JSON.Feature.PRETTY_PRINT_OUTPUT);

    private Views() {}

    static Map<String, Object> project(RegistryProject project) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", project.id());
        view.put("name", project.name());
        view.put("gcpProjectId", project.gcpProjectId());
        view.put("region", project.region());
        view.put("configPath", project.configPath().orElse(null));
        view.put("configHash", project.configHash().orElse(null));
        view.put("status", project.status().value());
        view.put("lastDeployedAt", iso(project.lastDeployedAt()));
        view.put("createdAt", Times.format(project.createdAt()));
        view.put("updatedAt", Times.format(project.updatedAt()));
        return view;
    }

    static Map<String, Object> resource(RegistryResource resource, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", resource.id());
        view.put("projectId", resource.projectId());
        view.put("type", resource.type().value());
        view.put("name", resource.name());
        view.put("network", resource.network().orElse(null));
        view.put("resourceType", resource.resourceType());
        view.put("config", resource.config());
        view.put("outputs", resource.outputs().map(o -> showSecrets ? o : Secrets.mask(o)).orElse(null));
        view.put("status", resource.status().value());
        view.put("pulumiUrn", resource.pulumiUrn().orElse(null));
        view.put("lastDeployedAt", iso(resource.lastDeployedAt()));
        view.put("createdAt", Times.format(resource.createdAt()));
        view.put("updatedAt", Times.format(resource.updatedAt()));
        return view;
    }

    static Map<String, Object> deployment(RegistryDeployment deployment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", deployment.id());
        view.put("projectId", deployment.projectId());
        view.put("action", deployment.action().value());
        view.put("status", deployment.status().value());
        view.put("configSnapshot", deployment.configSnapshot());
        view.put("logPath", deployment.logPath().orElse(null));
        view.put("error", deployment.error().orElse(null));
        view.put("startedAt", Times.format(deployment.startedAt()));
        view.put("completedAt", iso(deployment.completedAt()));
        return view;
    }

    /** JSON text of a value, indented for people and parseable by tools. */
    static String json(Object value) {
        try {
            return PRETTY.asString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(Optional<Instant> instant) {
        return instant.map(Times::format).orElse(null);
    }
}
