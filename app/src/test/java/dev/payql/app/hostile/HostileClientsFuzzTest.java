package dev.payql.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.app.e2e.Buyer;
import dev.payql.app.e2e.PayqlTestInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzed requests from a real socket client against the real application (simulated node, H2):
 * every endpoint, header and framing. No answer may be a 5xx other than 503, an HTML page or a
 * stack trace, and the heap must not grow with the number of requests. The suite runs a short
 * round; the dedicated run (docs/testing.md) is
 * {@code -Dtest=HostileClientsFuzzTest -Dpayql.fuzz.requests=100000}.
 */
class HostileClientsFuzzTest {

  static final int REQUESTS = Integer.getInteger("payql.fuzz.requests", 3_000);
  static final long SEED = Long.getLong("payql.fuzz.seed", System.nanoTime());
  static final int CLIENTS = Integer.getInteger("payql.fuzz.clients", 8);
  /** Generous: the heap of a test JVM wanders by tens of MiB; a leak per request would be GiBs. */
  static final long HEAP_GROWTH_LIMIT = 256L << 20;

  @TempDir
  Path dataDir;

  @Test
  void noFuzzedRequestGetsA5xxOtherThan503AnHtmlPageOrAStackTrace() throws Exception {
    try (PayqlTestInstance payql = PayqlTestInstance.start(dataDir, Map.of("PAYQL_READ_TIMEOUT", "2s"))) {
      List<String> keys = realKeys(payql.buyer());
      FuzzedRequests fuzz = new FuzzedRequests(SEED, keys);
      int port = payql.app().port();
      Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
      AtomicInteger sent = new AtomicInteger();

      long heapBefore = usedHeapAfterGc();
      long started = System.nanoTime();
      try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
        for (int c = 0; c < CLIENTS; c++) {
          clients.execute(() -> {
            while (sent.getAndIncrement() < REQUESTS) {
              FuzzedRequests.Fuzzed request;
              synchronized (fuzz) {
                request = fuzz.next();
              }
              Answer answer = exchange(port, request.bytes());
              String verdict = verdict(request, answer);
              outcomes.computeIfAbsent(answer.outcome(), o -> new LongAdder()).increment();
              if (verdict != null && violations.size() < 20) {
                violations.add(verdict + " for " + request.what() + " → " + answer.summary());
              }
            }
          });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(2, TimeUnit.HOURS)).isTrue();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long heapAfter = usedHeapAfterGc();
      String metrics = payql.buyer().get("/metrics", Map.of()).body();

      String report = report(outcomes, seconds, heapBefore, heapAfter);
      System.out.println(report);
      Files.createDirectories(Path.of("target", "hostile"));
      Files.writeString(Path.of("target", "hostile", "fuzz-report.txt"), report);

      assertThat(violations).as("seed " + SEED).isEmpty();
      assertThat(heapAfter - heapBefore).as("heap growth over %d requests", REQUESTS).isLessThan(HEAP_GROWTH_LIMIT);
      assertThat(metrics.lines().filter(line -> line.matches("payql_http_server_requests_seconds_count\\{.*status=\"5(?!03)\\d\\d\".*")))
          .as("5xx counted in /metrics").isEmpty();
      assertThat(payql.buyer().get("/health", Map.of()).statusCode()).as("still healthy afterwards").isEqualTo(200);
    }
  }

  /** Null when the answer is acceptable, else what is wrong with it. */
  static String verdict(FuzzedRequests.Fuzzed request, Answer answer) {
    if (answer.status() == 0) {
      return null; // closed without an answer: counted in the report, never a wrong answer
    }
    if (answer.status() >= 500 && answer.status() != 503) {
      return "a " + answer.status();
    }
    String body = answer.body();
    String lower = body.toLowerCase(Locale.ROOT);
    boolean servedAsset = answer.status() < 300 && !answer.contentType().contains("json");
    if (!servedAsset && (lower.contains("\tat ") || lower.contains("exception") || body.contains("dev.payql.")
        || body.contains(".java:"))) {
      return "a stack trace or class name";
    }
    if (answer.status() >= 400 && !request.head()) {
      if (!answer.contentType().startsWith("application/problem+json")) {
        return "an error that is no problem JSON (" + answer.contentType() + ")";
      }
      if (!body.contains("\"code\":\"")) {
        return "a problem without a code";
      }
    }
    if (answer.status() >= 400 && lower.contains("<html")) {
      return "an HTML error page";
    }
    return null;
  }

  record Answer(int status, String contentType, String body, String code) {

    String outcome() {
      return status == 0 ? "closed without answer" : status + (code.isEmpty() ? "" : " " + code);
    }

    String summary() {
      return status + " " + contentType + " " + (body.length() > 200 ? body.substring(0, 200) + "…" : body);
    }
  }

  static Answer exchange(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000); // a hang guard only
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput(); // the body ends here, whatever its framing claimed
      } catch (IOException closedEarly) {
        // the server answered and closed before taking everything: read what it said
      }
      return parse(readAll(socket.getInputStream()));
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within a minute", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
        if (all.size() > 4 << 20) {
          break; // the GraphiQL bundle is the largest answer there is
        }
      }
    } catch (IOException reset) {
      // a reset after the answer: keep what arrived
    }
    return all.toByteArray();
  }

  static Answer parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      return new Answer(0, "", "", "");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    String contentType = "";
    for (String line : lines) {
      if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
        contentType = line.substring(13).strip();
      }
    }
    String body = new String(raw, end + 4, raw.length - end - 4, StandardCharsets.UTF_8);
    int code = body.indexOf("\"code\":\"");
    String problemCode = code < 0 ? "" : body.substring(code + 8, body.indexOf('"', code + 8));
    return new Answer(status, contentType, body, problemCode);
  }

  /** Keys in every state a buyer meets: unpaid, paid, spent. */
  static List<String> realKeys(Buyer buyer) {
    List<String> keys = new ArrayList<>();
    String body = Buyer.body("{ exchange(exchangeSymbol:\"binance\") { country } }");
    JsonNode unpaid = buyer.invoice(body);
    JsonNode paid = buyer.invoice(body);
    buyer.pay(paid);
    JsonNode spent = buyer.invoice(body);
    buyer.pay(spent);
    buyer.graphql(spent.get("apikey").asText(), body);
    for (JsonNode invoice : List.of(unpaid, paid, spent)) {
      keys.add(invoice.get("apikey").asText());
    }
    return keys;
  }

  static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String report(Map<String, LongAdder> outcomes, double seconds, long heapBefore, long heapAfter) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "fuzz: %,d requests, seed %d, %d clients, %.1f s, heap after GC %,d -> %,d KiB%n",
        REQUESTS, SEED, CLIENTS, seconds, heapBefore >> 10, heapAfter >> 10));
    new TreeMap<>(outcomes).forEach((outcome, n) ->
        out.append(String.format(Locale.ROOT, "  %-45s %,9d%n", outcome, n.sum())));
    return out.toString();
  }
}
