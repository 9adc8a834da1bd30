package dev.payql.adapter.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of an H2 file database, kept for the owner only: the directory {@code rwx------}, the
 * database's files ({@code payql.mv.db}, its trace file) {@code rw-------}. They hold every purchase
 * and every answer sold; the simulated node's key beside them is {@code rw-------} for the same
 * reason. H2 creates its files with the process's umask (usually world-readable), so the directory
 * is what keeps a file H2 creates later (a temporary file, a new trace file) private from the start.
 */
final class H2DataFiles {

  private static final Logger log = LoggerFactory.getLogger(H2DataFiles.class);
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS = Set.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private final Path directory;
  private final String databaseName;

  private H2DataFiles(Path directory, String databaseName) {
    this.directory = directory;
    this.databaseName = databaseName;
  }

  /**
   * The files of the database {@code jdbcUrl} names, if it names one on this machine's disk: not an
   * in-memory database, nor a server's ({@code tcp:}, {@code ssl:}), nor one in a zip file.
   */
  static Optional<H2DataFiles> of(String jdbcUrl) {
    String database = jdbcUrl.substring("jdbc:h2:".length());
    int settings = database.indexOf(';');
    database = settings < 0 ? database : database.substring(0, settings);
    String lower = database.toLowerCase(Locale.ROOT);
    if (lower.startsWith("mem:") || lower.startsWith("tcp:") || lower.startsWith("ssl:") || lower.startsWith("zip:")) {
      return Optional.empty();
    }
    if (lower.startsWith("file:")) {
      database = database.substring("file:".length());
    }
    if (database.startsWith("~")) {
      database = System.getProperty("user.home") + database.substring(1);
    }
    Path path = Path.of(database).toAbsolutePath().normalize();
    return path.getParent() == null ? Optional.empty()
        : Optional.of(new H2DataFiles(path.getParent(), path.getFileName().toString()));
  }

  /** Before H2 opens the database: the directory exists and only its owner can enter it. */
  void prepareDirectory() {
    if (!posix()) {
      return;
    }
    try {
      if (Files.notExists(directory)) {
        Files.createDirectories(directory.getParent());
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
      }
      Set<PosixFilePermission> current = Files.getPosixFilePermissions(directory);
      if (current.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        Set<PosixFilePermission> ownerOnly = Set.copyOf(current.stream().filter(p -> !GROUP_OR_OTHERS.contains(p)).toList());
        Files.setPosixFilePermissions(directory, ownerOnly);
        log.info("data directory {} was {}, is now {}: the database is for PayQL's user only", directory,
            PosixFilePermissions.toString(current), PosixFilePermissions.toString(ownerOnly));
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      log.warn("cannot make the data directory {} private to its owner ({}): restrict it by hand", directory,
          e.toString());
    }
  }

  /** After H2 opened the database: every file of it is readable and writable by the owner only. */
  void restrictFiles() {
    if (!posix()) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(this::isDatabaseFile).toList()) {
        if (!Files.getPosixFilePermissions(file).equals(FILE)) {
          Files.setPosixFilePermissions(file, FILE);
        }
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      log.warn("cannot make the database files in {} private to their owner ({}): restrict them by hand", directory,
          e.toString());
    }
  }

  private boolean isDatabaseFile(Path file) {
    return file.getFileName().toString().startsWith(databaseName + ".") && Files.isRegularFile(file);
  }

  private boolean posix() {
    return directory.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
