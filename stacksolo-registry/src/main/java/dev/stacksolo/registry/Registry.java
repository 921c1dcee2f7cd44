package dev.stacksolo.registry;

import dev.stacksolo.registry.db.Database;
import dev.stacksolo.registry.db.Dialect;
import dev.stacksolo.registry.db.PostgresDialect;
import dev.stacksolo.registry.db.SqliteDialect;
import dev.stacksolo.registry.service.DeploymentService;
import dev.stacksolo.registry.service.DoctorService;
import dev.stacksolo.registry.service.EventLogService;
import dev.stacksolo.registry.service.ReferenceService;
import dev.stacksolo.registry.service.RegistryService;
import dev.stacksolo.registry.service.TransferService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The StackSolo registry: every project on this machine (or team), the resources each deployed
 * with their outputs, the history of deploys, and the resolution of cross-project references.
 *
 * <p>Open one with {@link #open(Path)} or {@link #open(String)}, or use the shared instance on the
 * default location with {@link #getRegistry()}:
 *
 * <pre>{@code
 * try (Registry registry = Registry.open(Path.of("registry.db"))) {
 *     RegistryProject project = registry.service().registerProject(CreateProjectInput.builder()
 *             .name("my-app").gcpProjectId("my-gcp-project").region("us-central1").build());
 *     String url = registry.references().resolve("@shared-infra/main/api.url");
 * }
 * }</pre>
 *
 * <p>For tests, {@link #openInMemory()} gives a new, empty registry that lives in memory and is gone
 * when it is closed.
 *
 * <p>Thread-safe: one registry may be shared by many threads (calls are serialized on its
 * connection); many processes may use one registry file at once.
 */
public final class Registry implements AutoCloseable {

    /** The environment variable that replaces the whole default file path. */
    public static final String PATH_VARIABLE = "STACKSOLO_REGISTRY_PATH";

    /** The environment variable that names a registry by JDBC URL; it wins over {@link #PATH_VARIABLE}. */
    public static final String URL_VARIABLE = "STACKSOLO_REGISTRY_URL";

    /**
     * The registry schema version this build writes: a registry of an older version is migrated to
     * it when opened, one of a newer version is opened read-only.
     */
    public static final int SCHEMA_VERSION = dev.stacksolo.registry.db.Schema.CURRENT_VERSION;

    private static Registry shared;

    private final Database database;
    /** Whether this is the instance of {@link #getRegistry()}, which its holders cannot close. */
    private final boolean sharedInstance;
    private final RegistryService service;
    private final ReferenceService references;
    private final TransferService transfer;
    private final DeploymentService deployments;
    private final DoctorService doctor;
    private final EventLogService events;

    private Registry(Dialect dialect, int connections) {
        this(dialect, connections, false);
    }

    private Registry(Dialect dialect, int connections, boolean sharedInstance) {
        this.sharedInstance = sharedInstance;
        // an in-memory database lives in its one connection: a second would be another, empty one
        this.database = Database.open(dialect,
                dialect instanceof SqliteDialect && ((SqliteDialect) dialect).isInMemory() ? 1 : connections);
        this.service = new RegistryService(database);
        this.references = new ReferenceService(database);
        this.transfer = new TransferService(database);
        this.deployments = new DeploymentService(database, service);
        this.doctor = new DoctorService(database, deployments);
        this.events = new EventLogService(database);
    }

    /**
     * Opens the registry in a SQLite file, creating it (and its folder, private to the user) when
     * missing and migrating its schema when older. A file made by the TypeScript registry is
     * adopted in place with nothing lost (a copy is kept beside it first; see {@link #notices()}).
     *
     * @throws DatabaseException when the file cannot be created or opened, or is not a registry
     */
    public static Registry open(Path file) {
        return new Registry(new SqliteDialect(file), 1);
    }

    /**
     * Opens a new, empty registry in memory, for tests: nothing is read or written on disk, and
     * everything is gone when it is closed. Each call gives a registry of its own. It behaves as a
     * registry file does (same schema, same checks), with one connection.
     *
     * <pre>{@code
     * try (Registry registry = Registry.openInMemory()) { ... }
     * }</pre>
     *
     * <p>{@code Registry.open(":memory:")} and {@code Registry.open("jdbc:sqlite::memory:")} do the same.
     *
     * @throws DatabaseException when SQLite cannot be loaded
     */
    public static Registry openInMemory() {
        return new Registry(SqliteDialect.inMemory(), 1);
    }

    /**
     * Opens the registry at {@code location}: a file path, a {@code jdbc:sqlite:} URL, or a
     * {@code jdbc:postgresql:} URL (or libpq's {@code postgresql://user@host/db} form, converted) for
     * a registry a team shares (the password may also come from {@code PGPASSWORD} or
     * {@code ~/.pgpass}). A path that is a device, fifo, folder or dangling symbolic link is refused
     * with {@link RegistryPathException} before SQLite touches it. {@code :memory:} and
     * {@code jdbc:sqlite::memory:} open a new registry in memory ({@link #openInMemory()}).
     *
     * <p>A PostgreSQL registry needs the PostgreSQL driver ({@code org.postgresql:postgresql}) on the
     * class path: the library declares it optional, so add it to your project to use one.
     *
     * @throws DatabaseException when it cannot be opened, the URL names a database this build
     *     does not support, or it is a PostgreSQL URL and the PostgreSQL driver is missing
     */
    public static Registry open(String location) {
        return open(location, 1);
    }

    /**
     * Opens the registry at {@code location} for a long-lived process with many threads: up to
     * {@code connections} connections are opened on demand and lent to concurrent calls (a pool),
     * instead of one connection that serializes them. A short-lived command needs one; use
     * {@link #open(String)}.
     *
     * @throws IllegalArgumentException when {@code connections} is less than 1
     * @throws DatabaseException when it cannot be opened
     */
    public static Registry open(String location, int connections) {
        return new Registry(dialectFor(location), connections);
    }

    /**
     * Opens an existing registry for a command that only reads it, or that changes what it records
     * and so cannot succeed on a new one: a missing SQLite file is not created (nor its folder), and a file that cannot be written (a read-only file or file
     * system) is opened read-only, its writes refused with {@link ReadOnlyRegistryException}. A
     * registry of an older schema that can be written is migrated, as {@link #open(String)} does.
     * {@code location} is what {@link #open(String)} takes.
     *
     * @throws RegistryNotFoundException when the SQLite file does not exist
     * @throws RegistryPathException when the path is a device, fifo, folder or dangling symbolic link
     * @throws DatabaseException when it cannot be opened
     */
    public static Registry openExisting(String location) {
        return new Registry(dialectFor(location, false), 1);
    }

    private static Dialect dialectFor(String location) {
        return dialectFor(location, true);
    }

    private static Dialect dialectFor(String location, boolean create) {
        if (location.equals(SqliteDialect.MEMORY) || location.equals("jdbc:sqlite:" + SqliteDialect.MEMORY)) {
            return SqliteDialect.inMemory();
        }
        if (location.startsWith("jdbc:sqlite:")) {
            return new SqliteDialect(sqlitePath(location.substring("jdbc:sqlite:".length())), create);
        }
        if (location.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect(location);
        }
        if (Locations.isLibpqUrl(location)) {
            // psql's form (postgresql://user:pw@host/db?sslmode=…): a URL, never a relative path
            return new PostgresDialect(Locations.toJdbc(location));
        }
        if (Locations.isLibpqKeywordValue(location)) {
            // never echoed: it holds the password, and masked it still names the host and user
            throw new DatabaseException("the registry location is a libpq keyword/value connection string"
                    + " (host=… user=… password=…), not a file path or URL; give a PostgreSQL URL instead:"
                    + " postgresql://user@host:5432/database (the password from PGPASSWORD or ~/.pgpass)"
                    + " or jdbc:postgresql://host:5432/database?user=…");
        }
        if (location.startsWith("jdbc:") || location.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*")) {
            throw new DatabaseException("unsupported registry URL " + Locations.mask(location)
                    + ": use a file path, jdbc:sqlite:/path/to/registry.db or jdbc:postgresql://host:port/database");
        }
        return new SqliteDialect(sqlitePath(location), create);
    }

    /**
     * A SQLite registry's path. One holding {@code ?} is refused: sqlite-jdbc reads what follows as
     * connection settings and opens the file before it, while the registry would make private (and
     * doctor check) the file named with them: the data went to a world-readable file.
     */
    private static Path sqlitePath(String path) {
        if (path.contains("?")) {
            throw new DatabaseException("the SQLite registry path " + Locations.mask(path.substring(0, path.indexOf('?')))
                    + "?… holds a '?': the SQLite driver would read what follows as connection settings and open"
                    + " another file than the one named; give the path without them (the registry sets its own),"
                    + " or rename a file or folder whose name holds '?'");
        }
        return Path.of(path);
    }

    /**
     * The location {@link #getRegistry()} opens: {@value #URL_VARIABLE} when set, else
     * {@value #PATH_VARIABLE}, else {@code ~/.stacksolo/registry.db}.
     */
    public static String defaultLocation() {
        return defaultLocation(System.getenv(), homeFolder());
    }

    /**
     * The home folder as StackSolo's TypeScript tools find it ({@code os.homedir()}): {@code HOME}
     * when set, else the JVM's {@code user.home} (which ignores {@code HOME}), so that both tools
     * open the same {@code ~/.stacksolo/registry.db}.
     */
    private static String homeFolder() {
        return nonBlank(System.getenv("HOME")).orElseGet(() -> System.getProperty("user.home"));
    }

    static String defaultLocation(Map<String, String> environment, String home) {
        return nonBlank(environment.get(URL_VARIABLE))
                .or(() -> nonBlank(environment.get(PATH_VARIABLE)))
                .orElseGet(() -> Path.of(home, ".stacksolo", "registry.db").toString());
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /**
     * The shared registry on the {@link #defaultLocation() default location}, opened on first use
     * and closed when the JVM exits. Every caller gets the same instance, so no holder can close it
     * under the others: its {@link #close()} does nothing (a try-with-resources around it is
     * harmless) and it stays open until the JVM exits. Open your own with {@link #open(String)}
     * for a registry you close.
     *
     * @throws DatabaseException when it cannot be opened (the next call tries again)
     */
    public static synchronized Registry getRegistry() {
        if (shared == null) {
            shared = new Registry(dialectFor(defaultLocation()), 1, true);
            Runtime.getRuntime().addShutdownHook(new Thread(Registry::closeShared, "stacksolo-registry-close"));
        }
        return shared;
    }

    private static synchronized void closeShared() {
        if (shared != null) {
            shared.closeNow();
        }
    }

    /**
     * Resolves a cross-project reference against the shared registry (the seed's top-level
     * {@code resolveReference}).
     *
     * @return the value as text
     * @throws RegistryException when the reference is invalid or does not resolve; see
     *     {@link ReferenceService#resolve(String)}
     */
    public static String resolveReference(String reference) {
        return getRegistry().references().resolve(reference);
    }

    /** Projects, resources and deployments. */
    public RegistryService service() {
        return service;
    }

    /**
     * The history of outputs: every change as a version, outputs and references as of a deployment
     * or an instant, the diff between deployments, pruning. Made on first use (the hot path of
     * {@code stacksolo output} never needs it).
     */
    public dev.stacksolo.registry.service.OutputVersionService versions() {
        dev.stacksolo.registry.service.OutputVersionService made = versions;
        if (made == null) {
            synchronized (this) {
                if (versions == null) {
                    versions = new dev.stacksolo.registry.service.OutputVersionService(database);
                }
                made = versions;
            }
        }
        return made;
    }

    private volatile dev.stacksolo.registry.service.OutputVersionService versions;

    /** Deploys that hold their project's lock: start, heartbeat, finish, unlock. */
    public DeploymentService deployments() {
        return deployments;
    }

    /** The health check: integrity, orphans, invalid JSON, stale deployments, permissions, schema. */
    public DoctorService doctor() {
        return doctor;
    }

    /** The event log: sessions and their events. */
    public EventLogService events() {
        return events;
    }

    /** Cross-project references. */
    public ReferenceService references() {
        return references;
    }

    /** Export, import and migration of the whole registry. */
    public TransferService transfer() {
        return transfer;
    }

    /**
     * Runs {@code work} as one write transaction: every call it makes on this registry (from this
     * thread) joins it, and either all its changes are committed or, when it throws or the process
     * dies, none. What it reads cannot change under it: no other writer, in this process or another,
     * runs until it ends (SQLite's {@code BEGIN IMMEDIATE}; PostgreSQL's transaction-scoped write
     * lock). So a command that reads, decides and writes ({@code stacksolo sync}: the project by its
     * config path, the resources it has, then the changes) gives the result of some serial order
     * when several run at once.
     *
     * <p>Keep the work short (milliseconds): other writers wait for it. Do no slow or outside work in
     * it (cloud calls, prompts, output), since a transient failure (the lock stayed taken, a
     * serialization failure) runs the whole work again, and a retried print would print twice.
     *
     * <pre>{@code
     * List<ConfigReference> recorded = registry.inTransaction(r -> {
     *     RegistryProject project = r.service().findProjectByName("my-app").orElseThrow();
     *     r.service().upsertResources(project.id(), resources);
     *     return r.references().recordReferences(project.id(), config);
     * });
     * }</pre>
     *
     * <p>When the connection is lost before the COMMIT was sent (a PostgreSQL server restarted or
     * ended the session), the server rolled the work back and {@code work} runs once more on a new
     * connection: it should change nothing but the registry.
     *
     * @return what {@code work} returns
     * @throws ReadOnlyRegistryException when the registry was opened read-only
     * @throws DatabaseException when a statement fails; nothing was written
     * @throws RuntimeException whatever {@code work} throws; nothing was written
     */
    public <T> T inTransaction(Function<Registry, T> work) {
        Objects.requireNonNull(work, "work");
        return database.write(handle -> work.apply(this));
    }

    /**
     * Runs {@code work} as one write transaction, as {@link #inTransaction} does, for work that
     * returns nothing.
     *
     * @throws ReadOnlyRegistryException when the registry was opened read-only
     * @throws DatabaseException when a statement fails; nothing was written
     */
    public void useTransaction(Consumer<Registry> work) {
        Objects.requireNonNull(work, "work");
        inTransaction(registry -> {
            work.accept(registry);
            return null;
        });
    }

    /**
     * Runs read-only {@code work} in one read transaction: every read it makes on this registry
     * (from this thread) sees one snapshot of the database, so a deploy another process publishes
     * meanwhile is seen entirely or not at all. Resolve several references in one call to get
     * values that belong together ({@code stacksolo output A B}, {@code stacksolo env}). It takes no
     * write lock: writers go on, and it does not wait for them. Inside {@link #inTransaction} it
     * joins that transaction.
     *
     * <pre>{@code
     * List<String> values = registry.inSnapshot(r -> List.of(
     *         r.references().resolve("@shared-infra/main/users-db.host"),
     *         r.references().resolve("@shared-infra/main/users-db.port")));
     * }</pre>
     *
     * <p>Keep it short, and do no slow or outside work in it: a transient failure runs it again.
     *
     * @return what {@code work} returns
     * @throws IllegalStateException when {@code work} tries to change the registry
     * @throws DatabaseException when a statement fails
     * @throws RuntimeException whatever {@code work} throws
     */
    public <T> T inSnapshot(Function<Registry, T> work) {
        Objects.requireNonNull(work, "work");
        return database.snapshot(handle -> work.apply(this));
    }

    /** Where this registry lives, for people (a path, or a URL with its password masked). */
    public String location() {
        return Locations.mask(database.dialect().displayLocation());
    }

    /** Whether writes are refused (the schema is newer than this build knows). */
    public boolean isReadOnly() {
        return database.readOnlyReason().isPresent();
    }

    /**
     * What opening did that a user should hear about: the backup copied before a schema migration,
     * or why the registry is read-only. Empty on an ordinary open.
     */
    public List<String> notices() {
        return database.notices();
    }

    private boolean closed;

    /**
     * Whether {@link #close()} closed this registry: its calls then fail with
     * {@link DatabaseException}. Always false for the shared instance of {@link #getRegistry()}.
     */
    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes the registry's connections (a call running on another thread finishes first).
     * Idempotent. Does nothing on the shared instance of {@link #getRegistry()}, which other holders
     * may still use; it is closed when the JVM exits.
     */
    @Override
    public void close() {
        if (!sharedInstance) {
            closeNow();
        }
    }

    private synchronized void closeNow() {
        closed = true;
        database.close();
    }
}
