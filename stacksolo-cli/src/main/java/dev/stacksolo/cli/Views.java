package dev.stacksolo.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.stacksolo.registry.Secrets;
import dev.stacksolo.registry.db.Times;
import dev.stacksolo.registry.types.DeploymentLock;
import dev.stacksolo.registry.types.LogEvent;
import dev.stacksolo.registry.types.LogSession;
import dev.stacksolo.registry.types.RegistryDeployment;
import dev.stacksolo.registry.types.RegistryProject;
import dev.stacksolo.registry.types.RegistryResource;
import dev.stacksolo.registry.types.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON shapes of the format's command line: entities with camelCase keys, timestamps as ISO
 * strings, absent values as null. Everything that may hold a secret (outputs, configs, snapshots,
 * errors, audit arguments and event data) is masked by {@link Secrets} unless secrets are asked for:
 * outputs marked sensitive as {@code <sensitive>}, detected secrets as {@code ****}.
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

    /** Which resource a value came from, as {@code output --json} and {@code outputs list --json} print it. */
    static Map<String, Object> resourceSummary(RegistryResource resource) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", resource.id());
        summary.put("name", resource.name());
        summary.put("type", resource.type().value());
        summary.put("network", resource.network().orElse(null));
        summary.put("status", resource.status().value());
        return summary;
    }

    /** A resource; its config and outputs masked unless {@code showSecrets}. */
    static Map<String, Object> resource(RegistryResource resource, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", resource.id());
        view.put("projectId", resource.projectId());
        view.put("type", resource.type().value());
        view.put("name", resource.name());
        view.put("network", resource.network().orElse(null));
        view.put("resourceType", resource.resourceType());
        view.put("config", showSecrets ? resource.config() : maskedConfig(resource));
        view.put("outputs", resource.outputs().map(o -> showSecrets ? o : Secrets.mask(o, resource.sensitiveOutputs()))
                .orElse(null));
        view.put("status", resource.status().value());
        view.put("pulumiUrn", resource.pulumiUrn().orElse(null));
        view.put("lastDeployedAt", iso(resource.lastDeployedAt()));
        view.put("createdAt", Times.format(resource.createdAt()));
        view.put("updatedAt", Times.format(resource.updatedAt()));
        return view;
    }

    /**
     * A resource's config as shown without {@code --show-secrets}: masked by detection, and for a
     * {@code secret} resource every value but its name shown as {@value Secrets#SENSITIVE} (the
     * config holds the secret itself, under innocent keys such as {@code value}), like its outputs.
     */
    static Map<String, Object> maskedConfig(RegistryResource resource) {
        if (resource.type() != ResourceType.SECRET) {
            return Secrets.mask(resource.config());
        }
        java.util.Set<String> marked = new java.util.HashSet<>(resource.config().keySet());
        marked.remove("name");
        return Secrets.mask(resource.config(), marked);
    }

    /** A deployment; its config snapshot masked unless {@code showSecrets}, its error and log path always. */
    static Map<String, Object> deployment(RegistryDeployment deployment, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", deployment.id());
        view.put("projectId", deployment.projectId());
        view.put("action", deployment.action().value());
        view.put("status", deployment.status().value());
        view.put("configSnapshot", showSecrets ? deployment.configSnapshot() : Secrets.mask(deployment.configSnapshot()));
        // stored masked since issue 15; masked again when shown, regardless of showSecrets (as the README
        // says): rows written before, or by another tool, may hold them raw
        view.put("logPath", deployment.logPath().map(Secrets::maskText).orElse(null));
        view.put("error", deployment.error().map(Secrets::maskText).orElse(null));
        view.put("startedAt", Times.format(deployment.startedAt()));
        view.put("completedAt", iso(deployment.completedAt()));
        return view;
    }

    /** An event-log session, with camelCase keys; its arguments masked unless {@code showSecrets}. */
    static Map<String, Object> session(LogSession session, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", session.id());
        view.put("startedAt", Times.format(session.startedAt()));
        view.put("finishedAt", iso(session.finishedAt()));
        view.put("command", session.command());
        // logged masked; masked again when shown, for sessions another tool (or an older build) logged
        view.put("args", showSecrets ? session.args() : session.args().stream().map(Secrets::maskText).toList());
        view.put("configHash", session.configHash().orElse(null));
        view.put("projectName", session.projectName().orElse(null));
        view.put("gcpProjectId", session.gcpProjectId().orElse(null));
        view.put("exitCode", session.exitCode().orElse(null));
        return view;
    }

    /** An event, with camelCase keys; its data masked unless {@code showSecrets}. */
    static Map<String, Object> event(LogEvent event, boolean showSecrets) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", event.id());
        view.put("sessionId", event.sessionId());
        view.put("timestamp", Times.format(event.timestamp()));
        view.put("seq", event.seq());
        view.put("project", event.project().orElse(null));
        view.put("category", event.category().value());
        view.put("eventType", event.eventType());
        view.put("resourceType", event.resourceType().orElse(null));
        view.put("resourceName", event.resourceName().orElse(null));
        view.put("terraformAddress", event.terraformAddress().orElse(null));
        view.put("data", showSecrets ? event.data() : Secrets.mask(event.data()));
        view.put("parentEventId", event.parentEventId().orElse(null));
        view.put("correlationId", event.correlationId().orElse(null));
        return view;
    }

    /** A deployment lock: who holds it, since when, and why it looks stale (null while live). */
    static Map<String, Object> lock(DeploymentLock lock) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("lockId", lock.lockId());
        view.put("action", lock.action().value());
        view.put("host", lock.holder().host());
        view.put("pid", lock.holder().pid());
        view.put("user", lock.holder().user());
        view.put("acquiredAt", Times.format(lock.acquiredAt()));
        view.put("heartbeatAt", Times.format(lock.heartbeatAt()));
        view.put("expiresAt", Times.format(lock.expiresAt()));
        view.put("stale", lock.isStale());
        view.put("staleReason", lock.staleReason().orElse(null));
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
