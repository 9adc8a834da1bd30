package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.adapter.persistence.PostgresTestDatabase;
import dev.payql.adapter.persistence.RequiresPostgres;
import dev.payql.adapter.simnode.SimulatedNode;
import dev.payql.app.PayqlApplication;
import dev.payql.domain.purchase.OneTimeKey;
import dev.payql.domain.purchase.PurchaseState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances on one PostgreSQL whose machines' clocks disagree by more than the lease: one is
 * right, one twice the lease ahead, one twice the lease behind. The right one claims a key and hangs
 * in its execution. The one ahead must not take the live lease; the one behind must take it once it
 * lapsed by the database's clock, not keep it for its own two leases more.
 */
@RequiresPostgres
class ClockSkewOnPostgresEndToEndTest {

  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final String QUERY = "{ exchange(exchangeSymbol: \"binance\") { country } }";

  @TempDir
  Path dir;
  private PostgresTestDatabase database;
  private SimulatedNode node;
  private final List<PayqlTestInstance> instances = new ArrayList<>();
  private final List<WatchedEngine> engines = new ArrayList<>();

  @BeforeEach
  void start() {
    database = PostgresTestDatabase.create();
    node = new SimulatedNode(dir.resolve("node"), Clock.systemUTC());
    for (Duration skew : List.of(Duration.ZERO, LEASE.multipliedBy(2), LEASE.multipliedBy(-2))) {
      WatchedEngine[] engine = new WatchedEngine[1];
      instances.add(PayqlTestInstance.startWith(dir.resolve("payql"), Map.of(
              "PAYQL_STORE_URL", database.jdbcUrl(),
              "PAYQL_STORE_SAMPLE_DATA", "false",
              "PAYQL_EXECUTION_LEASE", LEASE.toSeconds() + "s",
              "PAYQL_EXECUTION_TIMEOUT", "10s",
              "PAYQL_SWEEP_INTERVAL", "1h"),
          Clock.offset(Clock.systemUTC(), skew),
          PayqlApplication.Overrides.none()
              .withNode(PayqlApplication.NodeOverride.simulated(node))
              .withEngine(real -> engine[0] = new WatchedEngine(real))));
      engines.add(engine[0]);
    }
  }

  @AfterEach
  void stop() {
    engines.forEach(WatchedEngine::release);
    instances.forEach(PayqlTestInstance::close);
    if (node != null) {
      node.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void neitherTheInstanceAheadStealsALiveLeaseNorTheInstanceBehindKeepsADeadOne() throws Exception {
    PayqlTestInstance right = instances.get(0);
    PayqlTestInstance ahead = instances.get(1);
    PayqlTestInstance behind = instances.get(2);
    String body = Buyer.body(QUERY);
    JsonNode invoice = right.buyer().invoice(body);
    right.buyer().pay(invoice);
    String key = invoice.get("apikey").asText();
    CountDownLatch started = engines.get(0).holdNext();
    CompletableFuture<HttpResponse<String>> hung = CompletableFuture.supplyAsync(() -> right.buyer().graphql(key, body));
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> aheadWhileLeased = ahead.buyer().graphql(key, body);
    HttpResponse<String> behindWhileLeased = behind.buyer().graphql(key, body);
    assertInProgressForAtMostOneLease(aheadWhileLeased);
    assertInProgressForAtMostOneLease(behindWhileLeased);
    awaitLeaseLapsedByTheDatabasesClock(key, Duration.ofSeconds(1));
    HttpResponse<String> behindAfterLapse = behind.buyer().graphql(key, body);
    engines.get(0).release();
    HttpResponse<String> hungAnswer = hung.get(60, TimeUnit.SECONDS);

    assertThat(behindAfterLapse.statusCode()).as(behindAfterLapse.body()).isEqualTo(200);
    assertThat(behindAfterLapse.headers().firstValue("PayQL-Replay")).isEmpty();
    assertThat(hungAnswer.statusCode()).as("the taken-over executor withholds its answer").isEqualTo(409);
    assertThat(engines.get(1).executions()).as("executions on the instance ahead").isZero();
    assertThat(engines.get(2).executions()).as("executions on the instance behind").isEqualTo(1);
  }

  private static void assertInProgressForAtMostOneLease(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
    assertThat(Buyer.parse(answer).get("code").asText()).isEqualTo("redemption_in_progress");
    long retryAfter = Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
    // whole seconds, rounded up, from clocks that agree to within half a round trip to the database;
    // by the instance's own clock it would be three leases for the one behind
    assertThat(retryAfter).as("Retry-After, the lease left by the database's clock")
        .isBetween(1L, LEASE.toSeconds() + 1);
  }

  /** Waits until the database's own clock is {@code margin} past the key's lease. */
  private void awaitLeaseLapsedByTheDatabasesClock(String key, Duration margin) throws Exception {
    String digest = OneTimeKey.parse(key).digest().hex();
    assertThat(instances.get(0).app().store().findByKeyDigest(OneTimeKey.parse(key).digest()).orElseThrow().state())
        .isEqualTo(PurchaseState.EXECUTING);
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
        PreparedStatement query = connection.prepareStatement("SELECT EXTRACT(EPOCH FROM lease_expires_at"
            + " - CURRENT_TIMESTAMP) * 1000 FROM " + database.schema() + ".purchases WHERE key_digest = ?")) {
      query.setString(1, digest);
      for (int attempt = 0; attempt < 600; attempt++) {
        long untilLapse;
        try (ResultSet rs = query.executeQuery()) {
          assertThat(rs.next()).isTrue();
          untilLapse = rs.getLong(1);
        }
        if (untilLapse <= -margin.toMillis()) {
          return;
        }
        Thread.sleep(Math.min(1_000, untilLapse + margin.toMillis() + 1));
      }
    }
    throw new AssertionError("the lease did not lapse by the database's clock within ten minutes");
  }
}
