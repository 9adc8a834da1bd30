package dev.payql.adapter.simnode;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read: the node key and the journal hold the node's secrets. */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates an empty file with mode 0600 where the file system has POSIX permissions. */
  static void create(Path file) throws IOException {
    if (posix()) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  /** Writes {@code content} to a new owner-only file atomically: it is complete or absent. */
  static void writeNew(Path file, byte[] content) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    create(temporary);
    Files.write(temporary, content);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
