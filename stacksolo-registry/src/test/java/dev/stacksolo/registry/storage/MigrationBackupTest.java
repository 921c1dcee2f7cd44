package dev.stacksolo.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stacksolo.registry.Registry;
import dev.stacksolo.registry.db.Schema;
import dev.stacksolo.registry.testing.Sql;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy a SQLite registry gets before its schema is migrated: made once, by the process that
 * migrates, however many open the old file at once; private from its first byte (it holds every
 * output, passwords included); and a copy killed half-way never passes for a backup.
 */
class MigrationBackupTest {

    @TempDir
    Path folder;

    private List<Path> besideTheRegistry() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(path -> !path.getFileName().toString().matches("registry\\.db(-wal|-shm|-journal)?"))
                    .toList();
        }
    }

    @Test
    void registriesOpeningAnOldFileAtOnceAllOpenAndOneOfThemCopiesAndMigratesIt() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        int openers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        List<Future<List<String>>> opened = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
            opened.add(pool.submit(() -> {
                start.await();
                try (Registry registry = Registry.open(file)) {
                    assertThat(registry.service().listProjects()).hasSize(2);
                    return registry.notices();
                }
            }));
        }
        start.countDown();
        List<String> notices = new ArrayList<>();
        for (Future<List<String>> each : opened) {
            notices.addAll(each.get(2, TimeUnit.MINUTES)); // each opened, none failed
        }
        pool.shutdown();

        assertThat(notices).filteredOn(notice -> notice.contains("was copied to")).as("one copy, by the migrating one")
                .hasSize(1);
        assertThat(besideTheRegistry()).singleElement().satisfies(backup -> {
            assertThat(backup.getFileName().toString()).startsWith("registry.db.backup-v0-");
            assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Sql.rows(backup.toString(), "SELECT name FROM projects ORDER BY name"))
                    .extracting(row -> row.get("name")).containsExactly("api", "shared-infra");
        });
        assertThat(Sql.rows(file.toString(), "PRAGMA user_version")).singleElement()
                .satisfies(row -> assertThat(row.values()).containsExactly(Schema.CURRENT_VERSION));
    }

    @Test
    void noFileOtherUsersCanReadAppearsBesideTheRegistryWhileItIsCopied() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        // a registry of a few megabytes, so that the copy takes a while to write
        Sql.execute(file.toString(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                + " INSERT INTO events (session_id, timestamp, seq, category, event_type, data) SELECT"
                + " (SELECT id FROM sessions LIMIT 1), '2026-01-01T00:00:00.000Z', 1000 + i, 'internal', 'padding',"
                + " '{\"pad\":\"' || hex(randomblob(64)) || '\"}' FROM n");
        // the registry's own files (its -journal, -wal, -shm) take the registry file's mode, which
        // the TypeScript tool left open (a notice and doctor --fix deal with it): only the copy counts
        Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        ConcurrentLinkedQueue<String> exposed = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = new Thread(() -> {
            while (!done.get()) {
                try (Stream<Path> paths = Files.walk(folder)) {
                    paths.filter(path -> !path.getFileName().toString().matches("registry\\.db(-wal|-shm|-journal)?"))
                            .filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                            .forEach(path -> {
                                try {
                                    // readable by others only if every folder on the way lets them in too
                                    boolean reachable = path.getParent().equals(folder) || Files.getPosixFilePermissions(
                                            path.getParent()).contains(PosixFilePermission.OTHERS_EXECUTE);
                                    if (reachable && Files.getPosixFilePermissions(path).stream().anyMatch(others::contains)) {
                                        exposed.add(path + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
                                    }
                                } catch (java.io.IOException gone) {
                                    // moved or removed between the listing and the look
                                }
                            });
                } catch (java.io.IOException | java.io.UncheckedIOException gone) {
                    // a folder removed while it was walked
                }
            }
        });
        watcher.start();
        try (Registry registry = Registry.open(file)) {
            assertThat(registry.notices()).anySatisfy(notice -> assertThat(notice).contains("was copied to"));
        } finally {
            done.set(true);
            watcher.join();
        }

        assertThat(exposed).isEmpty();
        assertThat(besideTheRegistry()).singleElement().satisfies(backup -> assertThat(Files.getPosixFilePermissions(backup))
                .isEqualTo(PosixFilePermissions.fromString("rw-------")));
    }

    @Test
    void whatACopyKilledHalfWayLeftIsRemovedByTheNextAndNeverNamedABackup() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        Path leftover = Files.createDirectory(folder.resolve("registry.db.backup-incomplete-12345"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(leftover.resolve("registry.db.backup-v0-20261130T000000Z"), "half a copy");

        try (Registry registry = Registry.open(file)) {
            assertThat(registry.notices()).anySatisfy(notice -> assertThat(notice).contains("was copied to"));
        }

        assertThat(leftover).doesNotExist();
        assertThat(besideTheRegistry()).singleElement().satisfies(backup ->
                assertThat(Sql.rows(backup.toString(), "PRAGMA user_version")).singleElement()
                        .satisfies(row -> assertThat(row.values()).containsExactly(0)));
    }

    @Test
    void aFolderThatOnlyLooksLikeALeftoverOrALinkToOneIsLeftAsItIs() throws Exception {
        Path file = TypeScriptFiles.create(folder.resolve("registry.db"), true);
        // someone's folder of that name: open to others, holding other files
        Path notOurs = Files.createDirectory(folder.resolve("registry.db.backup-incomplete-3"));
        Files.writeString(notOurs.resolve("notes.txt"), "user data");
        // private, but holding something a copy never leaves
        Path mixed = Files.createDirectory(folder.resolve("registry.db.backup-incomplete-4"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.writeString(mixed.resolve("registry.db.backup-v0-20261130T000000Z"), "half a copy");
        Files.writeString(mixed.resolve("keep-me"), "user data");
        // a link to a folder elsewhere, named as a leftover
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("registry.db.backup-v0-20261130T000000Z"), "someone's file");
        Files.createSymbolicLink(folder.resolve("registry.db.backup-incomplete-5"), elsewhere);

        try (Registry registry = Registry.open(file)) {
            assertThat(registry.notices()).anySatisfy(notice -> assertThat(notice).contains("was copied to"));
        }

        assertThat(notOurs.resolve("notes.txt")).hasContent("user data");
        assertThat(mixed.resolve("keep-me")).hasContent("user data");
        assertThat(mixed.resolve("registry.db.backup-v0-20261130T000000Z")).exists();
        assertThat(elsewhere.resolve("registry.db.backup-v0-20261130T000000Z")).hasContent("someone's file");
        assertThat(folder.resolve("registry.db.backup-incomplete-5")).isSymbolicLink();
    }
}
