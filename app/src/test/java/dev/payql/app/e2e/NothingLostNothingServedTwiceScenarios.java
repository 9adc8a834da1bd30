package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.app.PayqlApplication;
import dev.payql.domain.lightning.Bolt11;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PurchaseState;
import dev.payql.domain.request.GraphQLRequest;
import dev.payql.domain.request.RequestFingerprint;
import dev.payql.ports.testing.Eventually;
import dev.payql.ports.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two promises of DESIGN.md section 6, shown over real HTTP: nothing paid is lost, and no key
 * is served twice, with every instance sharing one store and one (simulated) node. Subclasses say
 * which store and how many instances it can carry.
 */
abstract class NothingLostNothingServedTwiceScenarios {

  private static final String QUERY = "query ($symbol: String) { exchange(exchangeSymbol: $symbol) { country } }";
  private static final Duration LEASE = Duration.ofSeconds(60);

  @TempDir
  Path dir;
  // whole milliseconds, as the stores keep them (a lease rounded up by a microsecond is not lapsed yet)
  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
  private SimulatedNode node;
  private final List<PayqlTestInstance> instances = new ArrayList<>();
  private final List<WatchedEngine> engines = Collections.synchronizedList(new ArrayList<>());

  /** PAYQL_* settings that point every instance at the shared store. */
  protected abstract Map<String, String> storeSettings();

  /** How many instances the store can serve at once. */
  protected abstract int instanceCount();

  @BeforeEach
  void startNode() {
    node = new SimulatedNode(dir.resolve("node"), clock);
  }

  @AfterEach
  void stopAll() {
    engines.forEach(WatchedEngine::release);
    stopInstances();
    node.close();
  }

  private void startInstances() {
    for (int i = 0; i < instanceCount(); i++) {
      Map<String, String> settings = new HashMap<>(storeSettings());
      settings.put("PAYQL_EXECUTION_LEASE", LEASE.toSeconds() + "s");
      settings.put("PAYQL_SWEEP_INTERVAL", "1h");
      instances.add(PayqlTestInstance.start(dir.resolve("payql"), settings, clock, PayqlApplication.Overrides.none()
          .withEngine(real -> {
            WatchedEngine engine = new WatchedEngine(real);
            engines.add(engine);
            return engine;
          })
          .withNode(PayqlApplication.NodeOverride.simulated(node))));
    }
  }

  private void stopInstances() {
    instances.forEach(PayqlTestInstance::close);
    instances.clear();
  }

  private Buyer buyer(int i) {
    return instances.get(i % instances.size()).buyer();
  }

  private static String body(int n) {
    return Buyer.body(QUERY, Map.of("symbol", "symbol-" + n));
  }

  private static RequestFingerprint fingerprint(int n) {
    return GraphQLRequest.of(QUERY, null, Map.of("symbol", "symbol-" + n)).fingerprint();
  }

  private Map<RequestFingerprint, Integer> executionsPerRequest() {
    Map<RequestFingerprint, Integer> total = new HashMap<>();
    synchronized (engines) {
      engines.forEach(engine -> engine.executionsPerRequest().forEach((f, n) -> total.merge(f, n, Integer::sum)));
    }
    return total;
  }

  private List<JsonNode> buyAndPay(int count) throws Exception {
    List<JsonNode> invoices = new ArrayList<>(Collections.nCopies(count, null));
    try (ExecutorService buyers = Executors.newFixedThreadPool(8)) {
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < count; n++) {
        int k = n;
        done.add(buyers.submit(() -> {
          JsonNode invoice = buyer(k).invoice(body(k));
          buyer(k + 1).pay(invoice);
          invoices.set(k, invoice);
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return invoices;
  }

  @Test
  void everyPaidKeyFiredFromSixteenThreadsAtEveryInstanceExecutesExactlyOnce() throws Exception {
    startInstances();
    int keys = 200;
    List<JsonNode> invoices = buyAndPay(keys);

    Map<Integer, AtomicInteger> fresh = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        done.add(threads.submit(() -> {
          List<Integer> order = new ArrayList<>();
          for (int n = 0; n < keys; n++) {
            order.add(n);
          }
          Collections.shuffle(order, new Random(thread));
          start.await();
          for (int n : order) {
            HttpResponse<String> answer = buyer(thread + n).graphql(invoices.get(n).get("apikey").asText(), body(n));
            String outcome = answer.statusCode() + (answer.statusCode() == 200 ? "" : " " + Buyer.parse(answer).get("code").asText());
            if (answer.statusCode() == 200 && answer.headers().firstValue("PayQL-Replay").isEmpty()) {
              fresh.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
              outcome = "200 executed";
            } else if (answer.statusCode() == 200) {
              outcome = "200 replay";
            }
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    }

    Map<RequestFingerprint, Integer> executions = executionsPerRequest();
    for (int n = 0; n < keys; n++) {
      assertThat(executions.get(fingerprint(n))).as("server-side executions of key %d", n).isEqualTo(1);
      assertThat(fresh.get(n)).as("answers that ran key %d", n).hasValue(1);
    }
    assertThat(outcomes.keySet()).as("every other attempt is a replay or a clear 409")
        .isSubsetOf("200 executed", "200 replay", "409 redemption_in_progress");
    assertThat(outcomes.get("200 executed")).hasValue(keys);
  }

  @Test
  void aKeyWhoseExecutorDiedIsServedOnceAfterTheLeaseLapses() throws Exception {
    startInstances();
    JsonNode invoice = buyAndPay(1).getFirst();
    String key = invoice.get("apikey").asText();
    WatchedEngine first = engines.getFirst();
    CountDownLatch started = first.holdNext();
    // the executor claims the key, then hangs as a killed process would
    CompletableFuture<HttpResponse<String>> dead = CompletableFuture.supplyAsync(() -> buyer(0).graphql(key, body(0)));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> whileLeased = buyer(1).graphql(key, body(0));
    clock.advance(LEASE);
    HttpResponse<String> afterLapse = buyer(1).graphql(key, body(0));
    first.release();
    HttpResponse<String> deadAnswer = dead.get(60, TimeUnit.SECONDS);
    HttpResponse<String> later = buyer(0).graphql(key, body(0));

    assertThat(whileLeased.statusCode()).isEqualTo(409);
    assertThat(Buyer.parse(whileLeased).get("code").asText()).isEqualTo("redemption_in_progress");
    assertThat(afterLapse.statusCode()).as(afterLapse.body()).isEqualTo(200);
    assertThat(afterLapse.headers().firstValue("PayQL-Replay")).isEmpty();
    assertThat(deadAnswer.statusCode()).as("the taken-over executor withholds its answer").isEqualTo(409);
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.headers().firstValue("PayQL-Replay")).contains("true");
    assertThat(later.body()).isEqualTo(afterLapse.body());
  }

  @Test
  void invoicesPaidWhileNoInstanceRanAreReconciledAndRedeemedAfterStart() throws Exception {
    startInstances();
    List<JsonNode> invoices = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      invoices.add(buyer(n).invoice(body(n)));
    }
    stopInstances();

    for (JsonNode invoice : invoices) {
      node.settle(Bolt11.parse(invoice.get("paymentRequest").asText()));
    }
    startInstances();

    var store = instances.getFirst().app().store();
    Eventually.await("the reconciliation on start to record every payment", () -> invoices.stream().allMatch(invoice ->
        store.findByKeyDigest(OneTimeKey.parse(invoice.get("apikey").asText()).digest()).orElseThrow().state()
            == PurchaseState.PAID));
    for (int n = 0; n < invoices.size(); n++) {
      HttpResponse<String> answer = buyer(n).graphql(invoices.get(n).get("apikey").asText(), body(n));
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
  }
}
