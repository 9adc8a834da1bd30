package dev.payql.adapter.rates.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A local stand-in for one ticker source: the JDK's HTTP server on a free loopback port, answering
 * the source's path with whatever the test set (a real-shaped answer, an error, garbage) or
 * misbehaving on purpose (no answer, headers then silence). Closing it is an outage.
 */
public final class TickerServer implements AutoCloseable {

  public sealed interface Behaviour {}

  public record Answer(int status, String body) implements Behaviour {}

  /** Answers 200 with a body made at each request: a source that stamps its answers with the time. */
  public record Live(Supplier<String> body) implements Behaviour {}

  /** Accepts the request and never answers (until the server closes). */
  public record Silence() implements Behaviour {}

  /** Sends headers and the start of a body, then nothing more. */
  public record StalledBody() implements Behaviour {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(new Answer(503, ""));
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final String path;

  /** @param sourcePath the source's path and query; requests to any other path answer 404 */
  public TickerServer(String sourcePath) throws IOException {
    this.path = URI.create(sourcePath).getPath();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void answer(int status, String body) {
    behaviour.set(new Answer(status, body));
  }

  public void answer(String body) {
    answer(200, body);
  }

  public void behave(Behaviour next) {
    behaviour.set(next);
  }

  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        send(exchange, 404, "{\"error\":\"no such path " + exchange.getRequestURI().getPath() + "\"}");
        return;
      }
      switch (behaviour.get()) {
        case Answer answer -> send(exchange, answer.status(), answer.body());
        case Live live -> send(exchange, 200, live.body().get());
        case Silence silence -> closing.await(60, TimeUnit.SECONDS);
        case StalledBody stalled -> {
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, 0);
          OutputStream out = exchange.getResponseBody();
          out.write("{\"data\":{\"amount\":\"97".getBytes(StandardCharsets.UTF_8));
          out.flush();
          closing.await(60, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up first: that is what the misbehaving answers are for
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
