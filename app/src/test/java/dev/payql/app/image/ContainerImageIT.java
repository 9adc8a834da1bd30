package dev.payql.app.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image {@code ./mvnw -Pimage} leaves in {@code app/target/payql-image.tar} (Docker's
 * {@code docker load} format), read as a container runtime reads it: its config runs PayQL as a
 * non-root user, sets nothing but {@code PAYQL_*} variables and keeps its data in the volume
 * {@code /data}. As root, its layers are also unpacked and run as that user in a root of their
 * own, with the host's file system out of reach (no Docker daemon needed): PayQL serves, writes its
 * data as that user, and stops gracefully on SIGTERM.
 *
 * <p>Runs only in the {@code image} profile, which names the tarball in {@code payql.image.tar}.
 */
class ContainerImageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAYQL_UID = 10001;

  private static JsonNode config;
  private static final Map<String, TarArchiveEntry> files = new HashMap<>();
  private static final Map<String, byte[]> smallFiles = new HashMap<>();
  private static final List<String> layers = new ArrayList<>();
  private static Path tarball;

  @TempDir
  Path scratch;

  @BeforeAll
  static void readTheTarball() throws IOException {
    String named = System.getProperty("payql.image.tar");
    assumeTrue(named != null, "build with -Pimage to make and check the image");
    tarball = Path.of(named);
    assertThat(tarball).as("the image tarball Jib should have written").isRegularFile();
    Map<String, byte[]> entries = outerEntries(tarball);
    JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
    config = JSON.readTree(entries.get(manifest.get("Config").asText()));
    for (JsonNode layer : manifest.get("Layers")) {
      layers.add(layer.asText());
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new GZIPInputStream(new java.io.ByteArrayInputStream(entries.get(layer.asText()))))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          String path = "/" + entry.getName().replaceAll("/$", "");
          files.put(path, entry);
          if (path.startsWith("/etc/")) {
            smallFiles.put(path, tar.readAllBytes());
          }
        }
      }
    }
  }

  @Test
  void theConfigRunsPayqlAsANonRootUserConfiguredOnlyByPayqlVariables() {
    JsonNode container = config.get("config");
    String user = container.get("User").asText();
    assertThat(user).as("User").isNotBlank();
    assertThat(Integer.parseInt(user.split(":")[0])).as("uid of " + user).isEqualTo(PAYQL_UID).isNotZero();
    List<String> environment = new ArrayList<>();
    container.get("Env").forEach(variable -> environment.add(variable.asText()));
    assertThat(environment).allSatisfy(variable -> assertThat(variable).startsWith("PAYQL_"))
        .contains("PAYQL_DATA_DIR=/data");
    assertThat(container.get("Volumes").has("/data")).isTrue();
    assertThat(container.get("WorkingDir").asText()).isEqualTo("/data");
    assertThat(container.get("ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(container.get("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
  }

  @Test
  void theUserExistsOwnsNothingAndMayWriteOnlyTheDataDirectory() {
    String passwd = new String(smallFiles.get("/etc/passwd"), StandardCharsets.UTF_8);
    assertThat(passwd).contains("payql:x:" + PAYQL_UID + ":0:");
    TarArchiveEntry data = files.get("/data");
    assertThat(data.isDirectory()).isTrue();
    assertThat(data.getMode() & 0070).as("/data group rwx").isEqualTo(0070);
    assertThat(data.getMode() & 0007).as("/data for others").isZero();
    assertThat(files.values()).as("nothing is owned by PayQL's user, nothing is setuid")
        .allSatisfy(entry -> {
          assertThat(entry.getLongUserId()).isZero();
          assertThat(entry.getMode() & 06000).isZero();
        });
    assertThat(files).containsKeys("/opt/java/bin/java", "/lib64/ld-linux-x86-64.so.2",
        "/lib/x86_64-linux-gnu/libc.so.6", "/app/jib-classpath-file");
  }

  @Test
  void asTheImagesUserInARootOfItsOwnPayqlServesAndStopsGracefully() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/unshare")),
        "running the unpacked image needs root and util-linux's unshare");
    Path root = scratch.resolve("root");
    unpackLayers(root);
    Files.createDirectories(root.resolve("proc"));
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    JsonNode container = config.get("config");
    String[] user = container.get("User").asText().split(":");
    List<String> command = new ArrayList<>(List.of("/usr/bin/unshare", "--mount", "--root=" + root,
        "--wd=" + container.get("WorkingDir").asText(), "--mount-proc", "--setuid", user[0], "--setgid", user[1]));
    container.get("Entrypoint").forEach(arg -> command.add(arg.asText()));
    Path log = scratch.resolve("payql.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // what a runtime gives the container: the image's environment and the operator's PAYQL_*, nothing else
    builder.environment().clear();
    container.get("Env").forEach(variable -> {
      String[] pair = variable.asText().split("=", 2);
      builder.environment().put(pair[0], pair[1]);
    });
    // the simulated node listens on loopback only: this run shares the host's network
    builder.environment().put("PAYQL_HOST", "127.0.0.1");
    builder.environment().put("PAYQL_PORT", Integer.toString(port));
    Process payql = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
      HttpResponse<String> health = awaitAnswer(http, ready, payql, log);
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(Files.getAttribute(root.resolve("data/payql.mv.db"), "unix:uid")).as("owner of the database")
          .isEqualTo(PAYQL_UID);

      payql.destroy(); // SIGTERM, as docker stop and systemd send

      assertThat(payql.waitFor(60, TimeUnit.SECONDS)).as("PayQL stops within a minute of SIGTERM").isTrue();
      assertThat(Files.readString(log)).contains("PayQL HTTP stopping").contains("PayQL stopped")
          .doesNotContain(" ERROR ").doesNotContain("\tat ");
    } finally {
      payql.destroyForcibly();
    }
  }

  private static HttpResponse<String> awaitAnswer(HttpClient http, URI uri, Process payql, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      assertThat(payql.isAlive()).as(() -> "PayQL exited: " + read(log)).isTrue();
      try {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return answer;
        }
        // answering, but not ready: the first start loads the sample data in the background
        payql.waitFor(250, TimeUnit.MILLISECONDS);
      } catch (IOException notYet) {
        // not listening yet; its exit is checked above
        payql.waitFor(250, TimeUnit.MILLISECONDS);
      }
    }
    throw new AssertionError("PayQL did not answer within 3 minutes: " + read(log));
  }

  private void unpackLayers(Path root) throws IOException {
    Map<String, byte[]> entries = outerEntries(tarball);
    for (String layer : layers) {
      try (TarArchiveInputStream tar = new TarArchiveInputStream(
          new GZIPInputStream(new java.io.ByteArrayInputStream(entries.get(layer))))) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          Path target = root.resolve(entry.getName()).normalize();
          assertThat(target.startsWith(root)).as("%s stays inside the image root", entry.getName()).isTrue();
          if (entry.isDirectory()) {
            Files.createDirectories(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.copy(tar, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
          Files.setAttribute(target, "unix:uid", (int) entry.getLongUserId());
          Files.setAttribute(target, "unix:gid", (int) entry.getLongGroupId());
        }
      }
    }
  }

  private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
    java.util.Set<java.nio.file.attribute.PosixFilePermission> set =
        java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
    java.nio.file.attribute.PosixFilePermission[] order = {
        java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE, java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
        java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE, java.nio.file.attribute.PosixFilePermission.GROUP_READ,
        java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
        java.nio.file.attribute.PosixFilePermission.OWNER_READ};
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(order[bit]);
      }
    }
    return set;
  }

  private static Map<String, byte[]> outerEntries(Path tarball) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(tarball); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (!entry.isDirectory()) {
          entries.put(entry.getName(), tar.readAllBytes());
        }
      }
    }
    return entries;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
