package dev.payql.example.library;

import dev.payql.app.embed.MountedPaywall;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The library host with a servlet container of its own, where PayQL is one servlet among the
 * host's: the host answers {@code /catalogue} itself, for free, and PayQL sells the catalogue's
 * GraphQL API under {@code /pay/} ({@code /pay/api/invoice}, {@code /pay/graphql}, the page at
 * {@code /pay/}). The container is a Jetty the host builds and owns; any servlet container would
 * do, registering the same servlet under the same mapping (docs/embedding.md).
 */
public final class LibraryServer implements AutoCloseable {

  /** Where the host mounts PayQL. */
  static final String MOUNT_POINT = "/pay";

  private final Server server;
  private final MountedPaywall paywall;

  private LibraryServer(Server server, MountedPaywall paywall) {
    this.server = server;
    this.paywall = paywall;
  }

  /** Starts the host's server on {@code port} (0: any free one) with PayQL mounted at {@link #MOUNT_POINT}. */
  static LibraryServer start(Path dataDirectory, Map<String, String> settings, int port) {
    MountedPaywall paywall = LibraryHost.paywall(dataDirectory, settings).startMounted();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder("catalogue", new Catalogue()), "/catalogue");
    context.addServlet(new ServletHolder("payql", paywall.servlet()), MOUNT_POINT + "/*");
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      paywall.close();
      throw new IllegalStateException("the library's server did not start: " + e.getMessage(), e);
    }
    return new LibraryServer(server, paywall);
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/");
  }

  /** The host's server stops first (no request reaches PayQL any more), then PayQL closes its store and node. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the library's server did not stop: " + e.getMessage(), e);
    } finally {
      paywall.close();
    }
  }

  /** {@code java ... LibraryServer [DATA_DIR]}: the host's server on port 8090 until the process is stopped. */
  public static void main(String[] args) throws InterruptedException {
    Path data = Path.of(Optional.of(args).filter(a -> a.length > 0).map(a -> a[0]).orElse("library-data"));
    LibraryServer host = start(data, Map.of(), 8090);
    Runtime.getRuntime().addShutdownHook(new Thread(host::close));
    System.out.println("the library at " + host.baseUrl() + ", PayQL selling it at " + host.baseUrl().resolve("pay/"));
    Thread.currentThread().join();
  }

  /** A route of the host's own: the titles, free, with nothing of PayQL's in the way. */
  private static final class Catalogue extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.setContentType("text/plain; charset=utf-8");
      response.getOutputStream().write(String.join("\n", LibraryHost.titles()).getBytes(StandardCharsets.UTF_8));
    }
  }
}
