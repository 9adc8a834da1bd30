package dev.payql.adapter.persistence;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real file system of a few MiB that a test mounts, fills to the last byte and frees again: an
 * ext4 image on a loop device (the file system PayQL's data usually lives on), or a size-limited
 * tmpfs where loop devices are not available. Mounting takes root; without it the test is skipped
 * with the reason, except under {@code CI=true}, where CI runs as root and a skip would hide a
 * missing test, so it fails.
 */
public final class SmallFilesystem implements AutoCloseable {

  private final Path mountPoint;
  private final Path image;
  private final String kind;
  private Path filler;

  private SmallFilesystem(Path mountPoint, Path image, String kind) {
    this.mountPoint = mountPoint;
    this.image = image;
    this.kind = kind;
  }

  /** Mounts a file system of {@code mebibytes} MiB under {@code workDirectory}. */
  public static SmallFilesystem mount(Path workDirectory, int mebibytes) {
    if (!PostgresTestServer.runsAsRoot()) {
      unavailable("mounting a small file system takes root, and these tests do not run as root");
    }
    Path mountPoint = workDirectory.resolve("mnt");
    Path image = workDirectory.resolve("filesystem.img");
    List<String> problems = new ArrayList<>();
    try {
      Files.createDirectories(mountPoint);
      try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
        file.setLength((long) mebibytes << 20);
      }
      // -m 0: no blocks reserved for root, so "full" is full for every user
      String ext4 = run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString());
      if (ext4.isEmpty()) {
        ext4 = run("mount", "-o", "loop", image.toString(), mountPoint.toString());
        if (ext4.isEmpty()) {
          return new SmallFilesystem(mountPoint, image, "ext4 on a loop device");
        }
      }
      problems.add("ext4 on a loop device: " + ext4);
      String tmpfs = run("mount", "-t", "tmpfs", "-o", "size=" + mebibytes + "m", "tmpfs", mountPoint.toString());
      if (tmpfs.isEmpty()) {
        return new SmallFilesystem(mountPoint, null, "tmpfs");
      }
      problems.add("tmpfs: " + tmpfs);
    } catch (IOException e) {
      problems.add(e.toString());
    }
    unavailable("no small file system could be mounted (" + String.join("; ", problems) + ")");
    throw new AssertionError("unreachable");
  }

  private static void unavailable(String reason) {
    if (PostgresTestDatabase.runsOnCi()) {
      fail("CI must run the full-disk tests, but " + reason);
    }
    Assumptions.abort("full-disk tests skipped: " + reason + ". Run them as root (CI does).");
  }

  public Path root() {
    return mountPoint;
  }

  /** What is mounted, for the test's report. */
  public String kind() {
    return kind;
  }

  /** Writes a file until the file system has no byte left; answers how many bytes it took. */
  public long fill() throws IOException {
    filler = mountPoint.resolve("filler-" + System.nanoTime());
    long written = 0;
    try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int block = 1 << 20; block >= 512; block /= 4) {
        ByteBuffer buffer = ByteBuffer.allocate(block);
        while (true) {
          try {
            buffer.clear();
            written += channel.write(buffer);
          } catch (IOException full) {
            break; // ENOSPC at this block size: try smaller ones for the last bytes
          }
        }
      }
      channel.force(true);
    } catch (IOException full) {
      // force may report the same full disk; the space is taken either way
    }
    return written;
  }

  /** Deletes what {@link #fill()} wrote. */
  public void free() throws IOException {
    if (filler != null) {
      Files.deleteIfExists(filler);
      filler = null;
    }
  }

  public long usableSpace() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException {
    String problem = run("umount", mountPoint.toString());
    if (!problem.isEmpty()) {
      // a file still open (an H2 that did not close): detach now, the kernel finishes later
      run("umount", "-l", mountPoint.toString());
    }
    if (image != null) {
      Files.deleteIfExists(image);
    }
    try (Stream<Path> leftovers = Files.walk(mountPoint)) {
      leftovers.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** Runs a command; answers its output if it failed, empty if it succeeded. */
  private static String run(String... command) throws IOException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException missing) {
      return command[0] + ": " + missing.getMessage();
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return String.join(" ", command) + ": no answer within a minute";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return "interrupted";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return process.exitValue() == 0 ? "" : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
  }
}
