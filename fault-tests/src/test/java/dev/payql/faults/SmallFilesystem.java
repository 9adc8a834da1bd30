package dev.payql.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A filesystem of a few MiB that the test mounts itself ({@code mount -t tmpfs -o size=...}, as
 * root: CI runs as root), fills with a filler file until the kernel answers ENOSPC, frees, and
 * unmounts. Not root, or no mount allowed (a container without CAP_SYS_ADMIN): the test is skipped
 * with the reason, and fails under {@code CI=true}.
 */
final class SmallFilesystem implements AutoCloseable {

  private final Path mountPoint;
  private final Path log;
  private final Path filler;

  private SmallFilesystem(Path mountPoint, Path log) {
    this.mountPoint = mountPoint;
    this.log = log;
    this.filler = mountPoint.resolve("filler");
  }

  static SmallFilesystem mount(Path mountPoint, int mebibytes, Path log) {
    if (!Machine.isRoot()) {
      return Machine.cannotRun("mounting a " + mebibytes + " MiB filesystem needs root (CI runs as root)");
    }
    try {
      Files.createDirectories(mountPoint);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int exit = Machine.run(log, List.of("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m,mode=0700", "tmpfs",
        mountPoint.toString()));
    if (exit != 0) {
      return Machine.cannotRun("mount -t tmpfs failed (exit " + exit + "): " + Machine.read(log));
    }
    return new SmallFilesystem(mountPoint, log);
  }

  Path path() {
    return mountPoint;
  }

  /** Writes the filler until no byte more fits; returns its size. */
  long fill() {
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(filler)) {
      for (int size = chunk.length; size > 0; size /= 16) {
        try {
          while (true) {
            out.write(chunk, 0, size);
            out.flush();
          }
        } catch (IOException noSpaceLeft) {
          // ENOSPC: try smaller writes, down to single bytes, so that nothing is left
        }
      }
    } catch (IOException closingAFullFile) {
      // the last buffered bytes did not fit either: the disk is full, which is the point
    }
    try {
      return Files.size(filler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long usableBytes() {
    try {
      return Files.getFileStore(mountPoint).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void free() {
    try {
      Files.deleteIfExists(filler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (Machine.run(log, List.of("umount", mountPoint.toString())) != 0) {
      // something still holds a file open there: detach now, the kernel frees it when released
      Machine.run(log, List.of("umount", "--lazy", mountPoint.toString()));
    }
  }
}
