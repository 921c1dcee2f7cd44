package dev.stacksolo.registry.db;

import dev.stacksolo.registry.DatabaseException;
import dev.stacksolo.registry.RegistryNotFoundException;
import dev.stacksolo.registry.RegistryPathException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;

/**
 * SQLite through sqlite-jdbc: WAL, {@code synchronous=FULL}, foreign keys on, a busy timeout, and
 * write transactions that begin IMMEDIATE. The schema version lives in {@code PRAGMA user_version}.
 */
public final class SqliteDialect implements Dialect {

    /** How long a connection waits for another process's write lock before giving up. */
    static final int BUSY_TIMEOUT_MS = 30_000;

    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What {@link #displayLocation()} says of an in-memory database: SQLite's own name for one. */
    public static final String MEMORY = ":memory:";

    private final Path file;
    private final boolean create;
    /** A private database that lives in its one connection and is gone when it closes (tests). */
    private final boolean memory;

    /** A dialect for the database file {@code file}, created (0600) when missing. */
    public SqliteDialect(Path file) {
        this(file, true);
    }

    private SqliteDialect() {
        this.file = Path.of(MEMORY);
        this.create = true;
        this.memory = true;
    }

    /**
     * A dialect for a new, empty database in memory: no file is created or read. Each connection
     * it opens is a database of its own, so a registry on it must use one connection only.
     */
    public static SqliteDialect inMemory() {
        return new SqliteDialect();
    }

    /** Whether this is an in-memory database ({@link #inMemory()}). */
    public boolean isInMemory() {
        return memory;
    }

    /**
     * A dialect for the database file {@code file}.
     *
     * @param create whether a missing file is created (0600, its folder 0700); when false, opening a
     *     missing file fails with {@link RegistryNotFoundException} and a file that cannot be written
     *     (read-only file or file system) is opened read-only
     */
    public SqliteDialect(Path file, boolean create) {
        this.file = file.toAbsolutePath().normalize();
        this.create = create;
        this.memory = false;
    }

    /** The database file; empty in memory. */
    @Override
    public Optional<Path> file() {
        return memory ? Optional.empty() : Optional.of(file);
    }

    @Override
    public String displayLocation() {
        // a path is no secret, but one holding password=… (a connection string taken for a path) is masked
        return memory ? MEMORY : dev.stacksolo.registry.Locations.mask(file.toString());
    }

    @Override
    public Connection connect(boolean readOnly) throws SQLException {
        if (memory) {
            return openAndProbe(false, false);
        }
        refuseWhatIsNotAFile();
        if (!Files.exists(file)) {
            if (!create) {
                throw new RegistryNotFoundException(file);
            }
            if (readOnly) {
                throw new DatabaseException("registry " + file + " does not exist");
            }
        }
        if (!readOnly) {
            createPrivately();
        }
        try {
            return openAndProbe(readOnly, false);
        } catch (SQLException e) {
            int primary = e.getErrorCode() & 0xff;
            if (!readOnly || (primary != SQLiteErrorCode.SQLITE_CANTOPEN.code
                    && primary != SQLiteErrorCode.SQLITE_READONLY.code)) {
                throw e;
            }
            // a WAL file without its -shm file, in a folder this process cannot write (a read-only
            // file system, or someone else's folder): SQLite cannot set up the shared memory. Read
            // it as immutable: nobody writes on a read-only file system; in someone else's folder
            // a concurrent write could be missed by this one read command, never damaged by it
            return openAndProbe(true, true);
        }
    }

    private Connection openAndProbe(boolean readOnly, boolean immutable) throws SQLException {
        Connection connection = open(readOnly, immutable);
        try {
            probe(connection, readOnly);
            return connection;
        } catch (SQLException e) {
            throw closing(connection, e);
        }
    }

    private Connection open(boolean readOnly, boolean immutable) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setReadOnly(readOnly);
        // statement journals in memory: every insert into resources keeps one (its trigger and unique
        // keys may abort it halfway), and past 64 KiB SQLite spilled it to a temporary file, page by
        // page; a per-connection setting, nothing is stored in the file (docs/decisions.md)
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // no generated keys: the registry makes its own ids and never asks the driver for one, and
        // with them on, every INSERT ran a second statement (SELECT last_insert_rowid()) to offer it
        config.setGetGeneratedKeys(false);
        if (immutable) {
            config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
            return config.createConnection("jdbc:sqlite:" + file.toUri().toASCIIString() + "?immutable=1");
        }
        return config.createConnection("jdbc:sqlite:" + (memory ? MEMORY : file.toString()));
    }

    /** Checks the connection's foreign keys; on a read-only one, also reads the file (SQLite opens it lazily). */
    private void probe(Connection connection, boolean readOnly) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA foreign_keys")) {
                if (!check.next() || check.getInt(1) != 1) {
                    throw new SQLException("foreign keys could not be turned on for " + file);
                }
            }
            if (readOnly) {
                try (ResultSet read = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    read.next();
                }
            }
        }
    }

    private static SQLException closing(Connection connection, SQLException e) {
        try {
            connection.close();
        } catch (SQLException closing) {
            e.addSuppressed(closing);
        }
        return e;
    }

    /**
     * Refuses a path SQLite must not open: a device, fifo, socket or folder (SQLite would write a
     * {@code -journal} beside {@code /dev/null}), or a symbolic link whose target is missing (SQLite
     * would create the target with the umask's mode, somewhere the user may not expect).
     */
    private void refuseWhatIsNotAFile() {
        try {
            if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                throw new RegistryPathException("the registry path " + file + " is a symbolic link to "
                        + Files.readSymbolicLink(file) + ", which does not exist; stacksolo does not create a"
                        + " registry through a dangling link. Create the target first (`touch TARGET && chmod 600"
                        + " TARGET`), remove the link, or point --registry (or STACKSOLO_REGISTRY_PATH) elsewhere");
            }
            if (!Files.exists(file)) {
                Path folder = file.getParent();
                if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
                    throw new DatabaseException("cannot create the registry " + file + ": " + folder + " is a file,"
                            + " not a folder; set STACKSOLO_REGISTRY_PATH (or --registry) to a path in a writable folder");
                }
                return;
            }
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                String kind = attributes.isDirectory() ? "a folder" : "a device, fifo or socket";
                throw new RegistryPathException("the registry path " + file + " is " + kind + ", not a registry"
                        + " file; nothing was opened or created. Point --registry (or STACKSOLO_REGISTRY_PATH) at a"
                        + " file, such as " + (attributes.isDirectory() ? file.resolve("registry.db")
                                : Path.of("~", ".stacksolo", "registry.db")));
            }
        } catch (IOException e) {
            throw new DatabaseException("cannot read the registry path " + file + ": " + describe(e), e);
        }
    }

    /**
     * Why the file must be opened read-only: only for a dialect that does not create files (read
     * commands), when the file or its folder cannot be written (a read-only file or file system).
     */
    @Override
    public Optional<String> readOnlyBecause() {
        if (memory || create || !Files.exists(file)) {
            return Optional.empty();
        }
        Path folder = file.getParent();
        if (!Files.isWritable(file)) {
            return Optional.of("the registry " + file + " is read-only (the file, or its file system)");
        }
        if (folder != null && !Files.isWritable(folder)) {
            return Optional.of("the folder of the registry " + file + " cannot be written (a read-only file"
                    + " system, or its permissions)");
        }
        return Optional.empty();
    }

    /**
     * Creates the folder (0700) and an empty database file (0600) before SQLite would create them
     * with the process umask: outputs hold connection strings with passwords.
     */
    private void createPrivately() {
        if (Files.exists(file)) {
            return;
        }
        Path folder = file.getParent();
        if (folder != null && Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new DatabaseException("cannot create the registry " + file + ": " + folder + " is a file, not a"
                    + " folder; set STACKSOLO_REGISTRY_PATH (or --registry) to a path in a writable folder");
        }
        try {
            if (folder != null && !Files.isDirectory(folder)) {
                Files.createDirectories(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            // another process created it first, with the same mode
        } catch (IOException | UnsupportedOperationException e) {
            throw new DatabaseException("cannot create the registry " + file + ": " + describe(e)
                    + "; check that the folder is writable, or set STACKSOLO_REGISTRY_PATH to a"
                    + " writable location", e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied" : String.valueOf(e.getMessage());
    }

    @Override
    public Optional<String> jsonMember(String column, String path) {
        // json_valid first: SQLite's JSON functions raise on malformed text, failing the whole query
        return Optional.of("CASE WHEN json_valid(" + column + ") THEN " + column + " -> (" + path + ") END");
    }

    @Override
    public void prepareForWrites(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // stored in the file: a TypeScript-made file (rollback journal) is switched once
            statement.execute("PRAGMA journal_mode=WAL");
        }
    }

    @Override
    public void beginWrite(Handle handle) throws SQLException {
        handle.run("BEGIN IMMEDIATE");
    }

    @Override
    public void beginSnapshot(Handle handle) throws SQLException {
        // DEFERRED: in WAL mode the first SELECT starts one read transaction, and every later read
        // of the transaction sees the same snapshot; no lock is taken that would stop a writer
        handle.run("BEGIN DEFERRED");
    }

    @Override
    public void commit(Handle handle) throws SQLException {
        handle.run("COMMIT");
    }

    @Override
    public void rollback(Handle handle) throws SQLException {
        handle.run("ROLLBACK");
    }

    @Override
    public boolean isTransient(SQLException failure) {
        int primary = failure.getErrorCode() & 0xff;
        return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
    }

    @Override
    public int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            return version.next() ? version.getInt(1) : 0;
        }
    }

    @Override
    public void setSchemaVersion(Connection connection, int version) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + version); // an int, never user text
        }
    }

    @Override
    public boolean hasTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet tables = statement.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE type = 'table'")) {
            return tables.next() && tables.getInt(1) > 0;
        }
    }

    @Override
    public String autoIncrementPrimaryKey() {
        return "INTEGER PRIMARY KEY AUTOINCREMENT";
    }

    @Override
    public List<String> resourceCountTriggers() {
        // INSERT OR IGNORE then UPDATE rather than an upsert clause: any SQLite a writer of the file
        // links (the TypeScript registry's too) runs these triggers, old versions included
        String add = "INSERT OR IGNORE INTO resource_counts (project_id, n) VALUES (NEW.project_id, 0);"
                + " UPDATE resource_counts SET n = n + 1 WHERE project_id = NEW.project_id;";
        String remove = "UPDATE resource_counts SET n = n - 1 WHERE project_id = OLD.project_id;";
        return List.of(
                "CREATE TRIGGER IF NOT EXISTS resource_counts_insert AFTER INSERT ON resources BEGIN " + add + " END",
                "CREATE TRIGGER IF NOT EXISTS resource_counts_delete AFTER DELETE ON resources BEGIN " + remove + " END",
                "CREATE TRIGGER IF NOT EXISTS resource_counts_move AFTER UPDATE OF project_id ON resources BEGIN "
                        + remove + " " + add + " END",
                "CREATE TRIGGER IF NOT EXISTS resource_counts_forget AFTER DELETE ON projects BEGIN"
                        + " DELETE FROM resource_counts WHERE project_id = OLD.id; END");
    }

    @Override
    public List<String> outputVersionTriggers() {
        // plain INSERT … VALUES with CASE: runs on any SQLite a writer of the file links, old ones too
        String columns = "INSERT INTO output_versions (resource_id, project_id, outputs, sensitive_outputs,"
                + " recorded_at, deployment_id, recorded_by) VALUES (NEW.id, NEW.project_id, coalesce(NEW.outputs, '{}'),"
                + " NEW.sensitive_outputs, ";
        String clock = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
        String inserted = "NEW.outputs_write_token IS NOT NULL";
        String updated = "NEW.outputs_write_token IS NOT OLD.outputs_write_token";
        return List.of(
                "CREATE TRIGGER IF NOT EXISTS output_versions_insert AFTER INSERT ON resources"
                        + " WHEN NEW.outputs IS NOT NULL AND NEW.outputs <> '{}' BEGIN " + columns
                        + "CASE WHEN " + inserted + " THEN NEW.updated_at ELSE " + clock + " END,"
                        + " CASE WHEN " + inserted + " THEN NEW.outputs_deployment_id END,"
                        + " CASE WHEN " + inserted + " THEN NEW.outputs_by END); END",
                "CREATE TRIGGER IF NOT EXISTS output_versions_update AFTER UPDATE OF outputs ON resources"
                        + " WHEN NEW.outputs IS NOT OLD.outputs BEGIN " + columns
                        + "CASE WHEN " + updated + " THEN NEW.updated_at ELSE " + clock + " END,"
                        + " CASE WHEN " + updated + " THEN NEW.outputs_deployment_id END,"
                        + " CASE WHEN " + updated + " THEN NEW.outputs_by END); END");
    }

    @Override
    public Optional<String> backupBeforeMigration(int fromVersion) throws SQLException {
        if (memory) {
            return Optional.empty(); // nothing outlives the connection: there is nothing to keep a copy of
        }
        Path folder = file.toAbsolutePath().getParent();
        String incomplete = file.getFileName() + ".backup-incomplete-";
        Path work;
        try {
            // what a copy killed half-way left: private, never a backup; only the lock holder copies
            try (var stale = Files.newDirectoryStream(folder, entry -> entry.getFileName().toString()
                    .startsWith(incomplete) && Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                for (Path leftover : stale) {
                    removeLeftover(leftover);
                }
            }
            // VACUUM INTO makes its file with the process's umask: it is written inside a folder
            // only this user may enter, then made private, then moved to its name whole
            work = Files.createTempDirectory(folder, incomplete,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | UnsupportedOperationException e) {
            throw new DatabaseException("cannot write a backup of the registry in " + folder + " before migrating it: "
                    + describe(e) + "; make the folder writable, or open the registry with a stacksolo of its version", e);
        }
        String name = file.getFileName() + ".backup-v" + fromVersion + "-" + BACKUP_STAMP.format(java.time.Instant.now());
        Path written = work.resolve(name);
        try {
            try (Connection reader = openAndProbe(true, false);
                    java.sql.PreparedStatement vacuum = reader.prepareStatement("VACUUM INTO ?")) {
                // a consistent snapshot, including what is still in the -wal file
                vacuum.setString(1, written.toString());
                vacuum.execute();
            }
            Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
            Path copy = folder.resolve(name);
            for (int n = 2; Files.exists(copy, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
                copy = folder.resolve(name + "-" + n);
            }
            Files.move(written, copy, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(copy.toString());
        } catch (IOException | UnsupportedOperationException e) {
            throw new DatabaseException("cannot write the backup " + folder.resolve(name) + " before migrating the"
                    + " registry: " + describe(e), e);
        } finally {
            removeLeftover(work);
        }
    }

    /**
     * Removes what a copy killed half-way left, and nothing else: a private folder (rwx------, this
     * registry's owner) holding only regular files named as the copy and its journal. Its entries are
     * removed relative to the folder as opened, never by path, so that a folder swapped for a link
     * meanwhile leads nowhere else. Anything unlike a leftover is left as it is.
     */
    private void removeLeftover(Path leftover) {
        String copyName = file.getFileName() + ".backup-v";
        try {
            var attributes = Files.readAttributes(leftover, java.nio.file.attribute.PosixFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory() || !PosixFilePermissions.toString(attributes.permissions()).equals("rwx------")
                    || !attributes.owner().equals(Files.getOwner(file, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                return;
            }
            try (var entries = Files.newDirectoryStream(leftover)) {
                if (!(entries instanceof java.nio.file.SecureDirectoryStream<Path> opened)) {
                    return; // no way to remove entries relative to the folder: it stays (it is private)
                }
                List<Path> names = new java.util.ArrayList<>();
                for (Path entry : opened) {
                    names.add(entry.getFileName());
                }
                for (Path name : names) {
                    var entry = opened.getFileAttributeView(name, java.nio.file.attribute.PosixFileAttributeView.class,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS).readAttributes();
                    if (!name.toString().startsWith(copyName) || !entry.isRegularFile()) {
                        return;
                    }
                }
                for (Path name : names) {
                    opened.deleteFile(name);
                }
            }
            Files.delete(leftover); // only if empty; a link swapped in is removed itself, never followed
        } catch (IOException | RuntimeException e) {
            // left as it is: private, and tried again by the next migration
        }
    }

    @Override
    public void syncIdentity(Connection connection, String table, String column) {
        // AUTOINCREMENT keeps sqlite_sequence at the largest key inserted, explicit or not
    }

    @Override
    public Optional<String> exposure() {
        if (memory) {
            return Optional.empty();
        }
        try {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
                return Optional.of("the registry " + file + " can be read by other users ("
                        + PosixFilePermissions.toString(mode) + "), and its outputs hold connection strings and"
                        + " passwords: run `stacksolo doctor --fix` to make it private");
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing to check
        }
        return Optional.empty();
    }

    @Override
    public List<String> integrityProblems(Connection connection) throws SQLException {
        return pragmaLines(connection, "PRAGMA integrity_check", rows -> "ok".equals(rows.getString(1))
                ? Optional.empty() : Optional.of(rows.getString(1)));
    }

    @Override
    public List<String> foreignKeyProblems(Connection connection) throws SQLException {
        return pragmaLines(connection, "PRAGMA foreign_key_check", rows -> Optional.of(rows.getString(1) + " row "
                + rows.getLong(2) + " refers to a missing " + rows.getString(3) + " row"));
    }

    /** What a check PRAGMA answers, one line for each row that names a problem. */
    private static List<String> pragmaLines(Connection connection, String pragma, ProblemLine line) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(pragma)) {
            while (rows.next()) {
                line.of(rows).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** Reads one row of a check PRAGMA: the problem it names, or empty when it says all is well. */
    @FunctionalInterface
    private interface ProblemLine {
        Optional<String> of(ResultSet row) throws SQLException;
    }

    @Override
    public Optional<String> explainOpenFailure(SQLException failure) {
        int primary = failure.getErrorCode() & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
            return Optional.of(file + " is not a registry: SQLite says it is not a database (another kind of file,"
                    + " or one damaged at its start); nothing"
                    + " was changed. If it was your registry, restore a copy (" + file.getFileName()
                    + ".backup-* beside it); or point STACKSOLO_REGISTRY_PATH (or --registry) elsewhere");
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            return Optional.of("cannot open the registry " + file + " (" + failure.getMessage() + "): check that it and"
                    + " its folder exist and are readable and writable by you, or set STACKSOLO_REGISTRY_PATH (or"
                    + " --registry) to another location");
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code) {
            return Optional.of("the registry " + file + " cannot be written (" + failure.getMessage() + "): check the"
                    + " permissions of the file, its -wal and -shm files and its folder; nothing was changed");
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return Optional.of("the registry " + file + " is damaged (" + failure.getMessage() + "): nothing was"
                    + " changed. Run `stacksolo doctor` to see what is readable, or restore a copy ("
                    + file.getFileName() + ".backup-* beside it)");
        }
        return Optional.empty();
    }
}
