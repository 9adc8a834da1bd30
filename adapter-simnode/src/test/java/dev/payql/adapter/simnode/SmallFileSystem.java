package dev.payql.adapter.simnode;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system the test mounts (a tmpfs of a few hundred KiB), so a full disk is a
 * full disk: {@link #fill()} takes every free block with a filler file, {@link #free()} gives them
 * back. Mounting needs root: elsewhere the test is skipped with a message, except under CI=true,
 * where a skipped disk-full test would hide a regression, so it fails.
 */
final class SmallFileSystem implements AutoCloseable {

  private final Path mountPoint;
  private final Path filler;

  private SmallFileSystem(Path mountPoint) {
    this.mountPoint = mountPoint;
    this.filler = mountPoint.resolve("filler");
  }

  static SmallFileSystem mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    String why = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs",
        mountPoint.toString()));
    if (why != null) {
      String message = "the disk-full test mounts a " + bytes + "-byte tmpfs, which needs root (" + why + ")";
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; CI runs as root, so this is a failure there");
      }
      assumeTrue(false, message + "; skipped");
    }
    return new SmallFileSystem(mountPoint);
  }

  Path root() {
    return mountPoint;
  }

  /** Writes a filler file until the file system refuses another byte. */
  void fill() throws IOException {
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(block);
        out.flush();
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
    // the last block may have gone in part: top up byte by byte
    try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
      while (true) {
        out.write(0);
        out.flush();
      }
    } catch (IOException full) {
      if (!String.valueOf(full.getMessage()).contains("No space left")) {
        throw full;
      }
    }
  }

  void free() throws IOException {
    Files.deleteIfExists(filler);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String why = run(List.of("umount", "-l", mountPoint.toString()));
    if (why != null) {
      throw new IOException("cannot unmount " + mountPoint + ": " + why);
    }
  }

  /** Runs a command; null when it succeeded, else what it said. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException notThere) {
      return notThere.getMessage();
    }
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + " did not finish";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
  }
}
