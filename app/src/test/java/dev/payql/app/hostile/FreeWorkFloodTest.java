package dev.payql.app.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.app.PayqlApplication;
import dev.payql.app.e2e.Buyer;
import dev.payql.app.e2e.PayqlTestInstance;
import dev.payql.ports.out.node.LightningNode;
import dev.payql.ports.out.store.PurchaseStore;
import dev.payql.ports.testing.CallCounter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One client floods PayQL with what costs it nothing: redemptions with unknown keys and with an
 * unpaid one, and long polls. The node and store calls it causes are counted and must stay within
 * what the per-client limits allow, while a paying buyer next to it is served throughout.
 */
class FreeWorkFloodTest {

  static final int UNKNOWN_KEY_ATTEMPTS = Integer.getInteger("payql.flood.unknown", 1_500);
  static final int UNPAID_KEY_ATTEMPTS = Integer.getInteger("payql.flood.unpaid", 500);
  static final int LONG_POLLS = Integer.getInteger("payql.flood.polls", 300);
  static final String FLOODER = "198.51.100.66";
  static final String BODY = Buyer.body("{ exchange(exchangeSymbol:\"binance\") { country } }");

  @TempDir
  Path dataDir;

  @Test
  void aFloodOfUnpaidRedemptionsAndLongPollsCostsTheNodeAndTheStoreOnlyWhatTheLimitsAllow() throws Exception {
    CallCounter nodeCalls = new CallCounter();
    CallCounter storeCalls = new CallCounter();
    SimulatedNode simnode = new SimulatedNode(dataDir.resolve("simnode"), Clock.systemUTC(), "127.0.0.1", 9735);
    PayqlApplication.NodeOverride counted = new PayqlApplication.NodeOverride(
        nodeCalls.wrap(LightningNode.class, simnode), "simulated",
        PayqlApplication.NodeOverride.simulated(simnode).devPayments());
    Map<String, String> limits = Map.of("PAYQL_PROXY_HOPS", "1", "PAYQL_UNPAID_ATTEMPTS_PER_MINUTE", "60",
        "PAYQL_STATUS_REQUESTS_PER_MINUTE", "120", "PAYQL_LONG_POLLS_PER_CLIENT", "4");
    try (simnode; PayqlTestInstance payql = PayqlTestInstance.start(dataDir.resolve("payql"), limits,
        Clock.systemUTC(), PayqlApplication.Overrides.none().withNode(counted)
            .withStore(store -> storeCalls.wrap(PurchaseStore.class, store)))) {
      Buyer payer = payql.buyer();
      String unpaidKey = payer.invoice(BODY).get("apikey").asText();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<String, LongAdder> floodAnswers = new ConcurrentHashMap<>();
      nodeCalls.reset();
      storeCalls.reset();

      long started = System.nanoTime();
      List<Integer> paidRuns = new ArrayList<>();
      try (ExecutorService flood = Executors.newFixedThreadPool(32)) {
        List<Future<?>> sent = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < UNKNOWN_KEY_ATTEMPTS; i++) {
          String key = HexFormat.of().formatHex(random.generateSeed(32));
          sent.add(flood.submit(() -> floodAnswers.computeIfAbsent(
              code(send(http, payql.baseUrl() + "/graphql", key, BODY)), c -> new LongAdder()).increment()));
        }
        for (int i = 0; i < UNPAID_KEY_ATTEMPTS; i++) {
          sent.add(flood.submit(() -> floodAnswers.computeIfAbsent(
              code(send(http, payql.baseUrl() + "/graphql", unpaidKey, BODY)), c -> new LongAdder()).increment()));
        }
        for (int i = 0; i < LONG_POLLS; i++) {
          sent.add(flood.submit(() -> floodAnswers.computeIfAbsent(
              code(send(http, payql.baseUrl() + "/api/invoice/status?wait=3", unpaidKey, null)),
              c -> new LongAdder()).increment()));
        }
        // a paying buyer, from another address, while the flood runs
        for (int i = 0; i < 10; i++) {
          paidRuns.add(payer.buyPayRun(BODY).statusCode());
        }
        for (Future<?> request : sent) {
          request.get();
        }
      }
      double minutes = (System.nanoTime() - started) / 6e10;

      // what the buckets can have let through in that time: the burst, plus the refill
      long attemptsAllowed = 60 + (long) Math.ceil(60 * minutes);
      long statusAllowed = 120 + (long) Math.ceil(120 * minutes);
      long lookups = nodeCalls.count("lookupInvoice");
      long reads = storeCalls.count("findByKeyDigest");
      String report = String.format(Locale.ROOT,
          "flood: %,d unknown-key + %,d unpaid-key redemptions, %,d long polls (wait=3) from one client in %.1f s%n"
              + "  answers: %s%n  node lookupInvoice: %,d (limit allows at most %,d)%n"
              + "  store findByKeyDigest: %,d (limit allows at most %,d)%n  all node calls: %s%n  paying buyer: %s%n",
          UNKNOWN_KEY_ATTEMPTS, UNPAID_KEY_ATTEMPTS, LONG_POLLS, minutes * 60, new TreeMap<>(floodAnswers),
          lookups, attemptsAllowed + 2 * statusAllowed, reads, attemptsAllowed + 2 * statusAllowed + 20 * 4,
          nodeCalls, paidRuns);
      System.out.println(report);
      Files.createDirectories(Path.of("target", "hostile"));
      Files.writeString(Path.of("target", "hostile", "flood-report.txt"), report);

      assertThat(paidRuns).as("the paying buyer is served throughout").containsOnly(200);
      assertThat(floodAnswers.keySet()).as("the flood gets 4xx answers, and 200 for its status polls")
          .allMatch(code -> code.startsWith("4") || code.startsWith("200"));
      assertThat(floodAnswers).containsKeys("429 too_many_unpaid_attempts", "429 too_many_long_polls");
      // an admitted attempt with the unpaid key asks the node once; an admitted long poll twice
      assertThat(lookups).isLessThanOrEqualTo(attemptsAllowed + 2 * statusAllowed);
      // an admitted attempt or status reads the store once, a long poll once more; the buyer's runs a few each
      assertThat(reads).isLessThanOrEqualTo(attemptsAllowed + 2 * statusAllowed + 10 * 4);
      assertThat(lookups + reads).isLessThan((UNKNOWN_KEY_ATTEMPTS + UNPAID_KEY_ATTEMPTS + LONG_POLLS) / 2);
    }
  }

  private static HttpResponse<String> send(HttpClient http, String url, String key, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
        .header("Authorization", "Bearer " + key).header("X-Forwarded-For", FLOODER);
    if (body != null) {
      request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String code(HttpResponse<String> response) {
    if (response.statusCode() == 200) {
      return "200";
    }
    JsonNode problem = Buyer.parse(response);
    return response.statusCode() + " " + (problem.has("code") ? problem.get("code").asText() : "?");
  }
}
