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
 * Runs {@code src/test/node/standard-client.mjs} with the npm packages the build installed into
 * {@code target/npm-clients} (scripts/install-npm-test-packages.sh): Alby's
 * {@code @getalby/lightning-tools} and js-macaroon, clients nobody at PayQL wrote. Without Node.js
 * the tests using it are skipped locally and fail under {@code CI=true}.
 */
final class StandardClient {

  static final Path DIRECTORY = Path.of("target", "npm-clients").toAbsolutePath();
  private static final long TIMEOUT_SECONDS = 60;

  private final String baseUrl;

  StandardClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  static void requireInstalled() {
    boolean installed = Files.isDirectory(DIRECTORY.resolve("node_modules/@getalby/lightning-tools"))
        && Files.isRegularFile(DIRECTORY.resolve("standard-client.mjs"));
    if (!installed && "true".equals(System.getenv("CI"))) {
      throw new IllegalStateException("the npm clients are not installed in " + DIRECTORY
          + " (scripts/install-npm-test-packages.sh, run by the build)");
    }
    Assumptions.assumeTrue(installed, "the npm clients are not installed in " + DIRECTORY);
  }

  /** A first call with scheme {@code fetch402}, {@code l402}, {@code mpp} or {@code x402}: it pays if asked. */
  JsonNode buy(String scheme, String body) {
    return run("buy", baseUrl, scheme, body);
  }

  /** A call with the credentials a {@link #buy} returned (or changed ones); Alby never pays then. */
  JsonNode present(String scheme, String body, JsonNode credentials) {
    return run("present", baseUrl, scheme, body, credentials.toString());
  }

  /** js-macaroon adds a first-party caveat, as any holder of a macaroon may. */
  String narrow(String macaroon, String caveat) {
    return run("narrow", macaroon, caveat).get("macaroon").asText();
  }

  /** js-macaroon's copy of the macaroon without its last caveat, signature kept. */
  String dropLastCaveat(String macaroon) {
    return run("drop-last-caveat", macaroon).get("macaroon").asText();
  }

  private static JsonNode run(String... args) {
    List<String> command = new ArrayList<>(List.of("node", "standard-client.mjs"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(DIRECTORY.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("the npm client did not finish: " + command.getFirst());
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("the npm client failed (" + process.exitValue() + ") on " + args[0] + ": "
            + new String(out, StandardCharsets.UTF_8));
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
