package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/api.md's curl sessions, one per standard scheme, run exactly as written against the real
 * application, so they cannot drift: each must exit 0 and print what api.md says it prints, line by
 * line, with what differs from run to run (digits, keys, hashes, macaroons) masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiSessionsEndToEndTest {

  private static final Path API_MD = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize()
      .getParent().resolve("docs/api.md");
  private static final List<String> TOOLS = List.of("bash", "curl", "jq", "base64", "xxd", "openssl", "sha256sum");
  /** Runs of the base64, base64url and hex alphabets long enough to be a value of one run. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9+/_=-]{20,}");

  @TempDir
  static Path dataDir;
  private PayqlTestInstance payql;

  @BeforeAll
  void start() {
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        String missing = "the api.md sessions need " + tool + ": run scripts/install-test-packages.sh curl jq xxd openssl";
        if ("true".equals(System.getenv("CI"))) {
          fail(missing);
        }
        Assumptions.abort(missing);
      }
    }
    payql = PayqlTestInstance.start(dataDir.resolve("payql"), Map.of());
  }

  @AfterAll
  void stop() {
    if (payql != null) {
      payql.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"l402", "payment", "x402"})
  void theDocumentedSessionBuysTheRequestAndPrintsWhatTheDocsShow(String session) throws Exception {
    String markdown = Files.readString(API_MD);
    String script = block(markdown, "<!-- session: " + session + " -->\n```bash\n");
    String documented = block(markdown.substring(markdown.indexOf("<!-- session: " + session + " -->")),
        "Output:\n```text\n");

    Path workDir = Files.createDirectories(dataDir.resolve(session));
    ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
        .directory(workDir.toFile()).redirectErrorStream(true);
    bash.environment().put("PAYQL", payql.baseUrl());
    Process process = bash.start();
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      process.destroyForcibly();
    }
    System.out.println("--- " + session + "\n" + printed);

    assertThat(ended).as("the session ends").isTrue();
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed).contains("{\"data\":{\"exchange\":{\"country\":\"MT\"}}}");
    assertThat(masked(printed)).as("what " + session + " prints, masked").isEqualTo(masked(documented));
  }

  /** The text between {@code opening} and the next fence. */
  private static String block(String markdown, String opening) {
    int start = markdown.indexOf(opening);
    assertThat(start).as("api.md has " + opening.strip()).isNotNegative();
    int from = start + opening.length();
    return markdown.substring(from, markdown.indexOf("```", from));
  }

  private static List<String> masked(String text) {
    return Arrays.stream(text.strip().split("\n")).map(line -> {
      Matcher token = TOKEN.matcher(line);
      return token.replaceAll("…").replaceAll("[0-9]", "9");
    }).toList();
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }
}
