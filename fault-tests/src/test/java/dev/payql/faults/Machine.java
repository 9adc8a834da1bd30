package dev.payql.faults;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** What a fault test needs from the machine: root for mounts and packages, and CI's rule. */
final class Machine {

  private Machine() {}

  static boolean isRoot() {
    try {
      return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    } catch (LinkageError | RuntimeException notUnix) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  static boolean runsOnCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the test with the reason and how to run it, except under {@code CI=true}, where it fails. */
  static <T> T cannotRun(String reason) {
    if (runsOnCi()) {
      return fail("CI must run this fault test, but " + reason);
    }
    Assumptions.abort("fault test skipped: " + reason);
    throw new AssertionError("unreachable");
  }

  /** Runs a command to its end; its output goes to {@code log}. */
  static int run(Path log, List<String> command) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + file + ": " + e.getMessage() + ")";
    }
  }
}
