package dev.payql.adapter.http.page;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's script, style and WebJars, read from one classpath folder by a route of the API's own
 * rather than by Javalin's static files, which need Javalin's own Jetty: so the page works the same
 * when a host's servlet container serves PayQL (ADR 0039). The files are immutable parts of the
 * jar, so each is read once and kept.
 */
final class ClasspathAssets implements Handler {

  /** Letters, digits, dots, dashes and underscores in slash-separated segments; no segment of dots only. */
  private static final Pattern SAFE_PATH = Pattern.compile("(?!.*(?:^|/)\\.+(?:/|$))[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]+)*");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "map", "application/json",
      "svg", "image/svg+xml",
      "woff2", "font/woff2",
      "png", "image/png");

  private final String folder;
  private final String cacheControl;
  private final Map<String, Optional<byte[]>> read = new ConcurrentHashMap<>();

  /**
   * @param folder the classpath folder, for example {@code web} or {@code META-INF/resources/webjars}
   * @param cacheControl what the answers say about caching them
   */
  ClasspathAssets(String folder, String cacheControl) {
    this.folder = folder;
    this.cacheControl = cacheControl;
  }

  @Override
  public void handle(Context ctx) {
    String path = ctx.pathParam("path");
    String type = CONTENT_TYPES.get(path.substring(path.lastIndexOf('.') + 1));
    if (type == null || !isSafe(path)) {
      throw new NotFoundResponse();
    }
    byte[] asset = read.computeIfAbsent(path, this::load).orElseThrow(NotFoundResponse::new);
    ctx.header("Cache-Control", cacheControl)
        .header("X-Content-Type-Options", "nosniff")
        .contentType(type)
        .result(asset);
  }

  /** A path inside the folder: no absolute path, no empty, dot or dot-dot segment, nothing but plain names. */
  static boolean isSafe(String path) {
    return SAFE_PATH.matcher(path).matches();
  }

  private Optional<byte[]> load(String path) {
    try (InputStream in = ClasspathAssets.class.getClassLoader().getResourceAsStream(folder + "/" + path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the page's asset " + path, e);
    }
  }
}
