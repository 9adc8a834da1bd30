package dev.payql.app.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs one of {@code src/test/node}'s scripts with the npm packages the build installed beside them
 * in {@code target/npm-clients} (scripts/install-npm-test-packages.sh), and reads the JSON it
 * prints. Without Node.js the tests using it are skipped locally and fail under {@code CI=true}.
 */
final class NodeScript {

  static final Path DIRECTORY = Path.of("target", "npm-clients").toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 60;

  private final String script;

  private NodeScript(String script) {
    this.script = script;
  }

  /** The script, once the build installed it and the npm package it needs. */
  static NodeScript installed(String script, String npmPackage) {
    boolean installed = Files.isDirectory(DIRECTORY.resolve("node_modules").resolve(npmPackage))
        && Files.isRegularFile(DIRECTORY.resolve(script));
    String missing = script + " or " + npmPackage + " is not installed in " + DIRECTORY
        + " (scripts/install-npm-test-packages.sh, run by the build)";
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(missing);
    }
    Assumptions.assumeTrue(installed, missing);
    return new NodeScript(script);
  }

  JsonNode run(String... args) {
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(script + " failed (" + process.exitValue() + ") on "
            + (args.length > 0 ? args[0] : "no arguments") + ": " + new String(out, StandardCharsets.UTF_8));
      }
      return Buyer.JSON.readTree(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
