package dev.payql.adapter.http.page;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The GraphiQL page in pay-per-request mode (DESIGN.md 1.6, issue 7).
 *
 * <p>{@link #install} adds, to a Javalin configuration:
 * <ul>
 *   <li>{@code GET /}: the page, with a Content-Security-Policy that allows nothing but this origin
 *       (no CDN, no inline script), so it works offline and an injected script cannot run;</li>
 *   <li>{@code /web/*}: the page's own script and style, from the classpath folder {@code web};</li>
 *   <li>{@code /webjars/*}: GraphiQL, React and ReactDOM from their WebJars;</li>
 *   <li>(both by {@link ClasspathAssets}, so a host's servlet container serves them too);</li>
 *   <li>{@code GET /qr.svg?data=<bolt11>}: the invoice's QR code.</li>
 * </ul>
 * Every link of the page is relative, so it works under a host's mount point ({@code /pay/}) as at
 * the root. The page talks to the JSON API ({@code /api/invoice}, {@code /api/invoice/status},
 * {@code /api/node}, {@code /graphql}, {@code /dev/pay}) that the rest of this adapter serves.
 */
public final class GraphiqlPage {

  static final String CONTENT_SECURITY_POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      // React and GraphiQL set style attributes; GraphiQL's fonts are data: URLs inside its CSS
      "style-src 'self' 'unsafe-inline'",
      "font-src 'self' data:",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'");

  private GraphiqlPage() {}

  /**
   * Adds the page, its assets and the QR endpoint to a Javalin configuration; call it inside
   * {@code Javalin.create(config -> ...)}.
   *
   * @throws IllegalStateException if the GraphiQL or React WebJars are missing from the classpath
   */
  public static void install(JavalinConfig config) {
    byte[] page = render(template());
    config.router.mount(routes -> {
      routes.get("/", ctx -> servePage(ctx, page));
      routes.get(QrCodeEndpoint.PATH, new QrCodeEndpoint());
      // the page's own files change with each release and carry no version in their path
      routes.get("/web/<path>", new ClasspathAssets("web", "no-cache"));
      // a WebJar's path names its version: what is served under it never changes
      routes.get("/webjars/<path>", new ClasspathAssets(WebjarVersion.FOLDER, "public, max-age=31536000, immutable"));
    });
  }

  private static void servePage(Context ctx, byte[] page) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer")
        .header("Cache-Control", "no-cache")
        .contentType("text/html; charset=utf-8")
        .result(page);
  }

  /** Fills the WebJar asset paths into the page, so it loads exactly the versions on the classpath. */
  static byte[] render(String template) {
    WebjarVersion graphiql = WebjarVersion.of("graphiql");
    WebjarVersion react = WebjarVersion.of("react");
    WebjarVersion reactDom = WebjarVersion.of("react-dom");
    String html = template
        .replace("{{graphiql.css}}", graphiql.path("graphiql.min.css"))
        .replace("{{graphiql.js}}", graphiql.path("graphiql.min.js"))
        .replace("{{react.js}}", react.path("umd/react.production.min.js"))
        .replace("{{react-dom.js}}", reactDom.path("umd/react-dom.production.min.js"));
    if (html.contains("{{")) {
      throw new IllegalStateException("web/index.html names an asset GraphiqlPage does not know");
    }
    return html.getBytes(StandardCharsets.UTF_8);
  }

  private static String template() {
    try (InputStream in = GraphiqlPage.class.getResourceAsStream("/web/index.html")) {
      if (in == null) {
        throw new IllegalStateException("web/index.html is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read web/index.html", e);
    }
  }
}
