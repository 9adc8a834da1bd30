package dev.payql.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.payql.ports.testing.TestPurchases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 database holds every purchase, its payment hash and the answers sold: only the user PayQL
 * runs as may read it, like the simulated node's key. (Root reads anything; these are the mode bits.)
 */
@DisabledOnOs(OS.WINDOWS)
class DataFilePermissionsTest {

  private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

  @TempDir
  Path parent;

  @Test
  void aDataDirectoryCreatedOpenToEveryoneIsClosedAndTheDatabaseFileIsTheOwnersOnly() throws IOException {
    // what PayQL's start used to leave: a directory made with the usual umask, 0755
    Path dataDirectory = Files.createDirectory(parent.resolve("data"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

    open(dataDirectory);

    assertThat(Files.getPosixFilePermissions(dataDirectory)).isEqualTo(OWNER_ONLY_DIRECTORY);
    assertThat(databaseFiles(dataDirectory)).isNotEmpty().allSatisfy(file ->
        assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(OWNER_ONLY_FILE));
  }

  @Test
  void aDataDirectoryThatDoesNotExistYetIsCreatedForTheOwnerOnly() throws IOException {
    Path dataDirectory = parent.resolve("not/there/yet");

    open(dataDirectory);

    assertThat(Files.getPosixFilePermissions(dataDirectory)).isEqualTo(OWNER_ONLY_DIRECTORY);
    assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("payql.mv.db"))).isEqualTo(OWNER_ONLY_FILE);
  }

  @Test
  void aDatabaseFileLeftReadableByAnEarlierVersionIsClosedOnOpen() throws IOException {
    Path dataDirectory = Files.createDirectory(parent.resolve("data"));
    open(dataDirectory);
    Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dataDirectory.resolve("payql.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

    open(dataDirectory);

    assertThat(Files.getPosixFilePermissions(dataDirectory)).isEqualTo(OWNER_ONLY_DIRECTORY);
    assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("payql.mv.db"))).isEqualTo(OWNER_ONLY_FILE);
  }

  @Test
  void aDatabaseNamedByTheOperatorsOwnUrlIsTheOwnersOnlyToo() throws IOException {
    Path dataDirectory = Files.createDirectory(parent.resolve("operator"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    String url = "jdbc:h2:file:" + dataDirectory.resolve("shop") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";

    try (Persistence persistence = Persistence.open(PersistenceConfig.of(url, "payql", ""))) {
      persistence.store().insert(TestPurchases.awaiting(Instant.now(), Duration.ofMinutes(10)));
    }

    assertThat(Files.getPosixFilePermissions(dataDirectory)).isEqualTo(OWNER_ONLY_DIRECTORY);
    assertThat(Files.getPosixFilePermissions(dataDirectory.resolve("shop.mv.db"))).isEqualTo(OWNER_ONLY_FILE);
  }

  @Test
  void anInMemoryOrAServersDatabaseHasNoFilesOnThisMachine() {
    assertThat(H2DataFiles.of("jdbc:h2:mem:payql;MODE=PostgreSQL")).isEmpty();
    assertThat(H2DataFiles.of("jdbc:h2:tcp://db.internal/~/payql")).isEmpty();
    assertThat(H2DataFiles.of("jdbc:h2:file:" + parent.resolve("payql") + ";MODE=PostgreSQL")).isPresent();
  }

  private static void open(Path dataDirectory) {
    try (Persistence persistence = Persistence.open(PersistenceConfig.h2(dataDirectory))) {
      persistence.store().insert(TestPurchases.awaiting(Instant.now(), Duration.ofMinutes(10)));
    }
  }

  private static List<Path> databaseFiles(Path dataDirectory) throws IOException {
    try (Stream<Path> files = Files.list(dataDirectory)) {
      return files.filter(file -> file.getFileName().toString().startsWith("payql.")).toList();
    }
  }
}
