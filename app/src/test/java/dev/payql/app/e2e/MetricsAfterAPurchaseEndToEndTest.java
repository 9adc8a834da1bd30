package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's "Done when": {@code /metrics} scraped before and after one purchase (invoice, payment,
 * execution, replay) shows the latency histogram and the lifecycle counters moving by exactly what
 * happened, beside the node's, the pool's and the JVM's meters; no key or hash in any label.
 */
class MetricsAfterAPurchaseEndToEndTest {

  private static final String BODY = Buyer.body("{ exchange(exchangeSymbol: \"binance\") { country } }");

  @TempDir
  Path data;

  private PayqlTestInstance payql;
  private Buyer buyer;

  @BeforeEach
  void start() {
    payql = PayqlTestInstance.start(data, Map.of());
    buyer = payql.buyer();
  }

  @AfterEach
  void stop() {
    payql.close();
  }

  @Test
  void aPurchaseMovesTheHistogramAndTheCounters() {
    String before = scrape();

    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    String key = invoice.get("apikey").asText();
    HttpResponse<String> run = buyer.graphql(key, BODY);
    HttpResponse<String> replay = buyer.graphql(key, BODY);
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    assertThat(replay.headers().firstValue("PayQL-Replay")).hasValue("true");

    String after = scrape();

    String graphql200 = "code=\"none\",method=\"POST\",route=\"/graphql\",status=\"200\"";
    assertThat(delta(before, after, "payql_http_server_requests_seconds_count", graphql200)).isEqualTo(2);
    assertThat(delta(before, after, "payql_http_server_requests_seconds_bucket", graphql200 + ",le=\"+Inf\""))
        .isEqualTo(2);
    assertThat(after).contains("# TYPE payql_http_server_requests_seconds histogram");
    assertThat(delta(before, after, "payql_http_server_requests_seconds_count",
        "code=\"none\",method=\"POST\",route=\"/api/invoice\",status=\"200\"")).isEqualTo(1);

    assertThat(delta(before, after, "payql_invoices_issued_total", "")).isEqualTo(1);
    assertThat(delta(before, after, "payql_invoices_paid_total", "")).isEqualTo(1);
    assertThat(delta(before, after, "payql_settlement_lag_seconds_count", "")).isEqualTo(1);
    assertThat(delta(before, after, "payql_redemptions_total", "outcome=\"executed\"")).isEqualTo(1);
    assertThat(delta(before, after, "payql_redemptions_total", "outcome=\"replayed\"")).isEqualTo(1);
    assertThat(delta(before, after, "payql_node_calls_seconds_count", "call=\"create_invoice\",outcome=\"ok\""))
        .isEqualTo(1);

    assertThat(after).contains("hikaricp_connections_active{pool=\"payql-store\"}")
        .contains("hikaricp_connections_acquire_seconds_count{pool=\"payql-store\"}")
        .contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads");
    assertThat(after).doesNotContain(key).doesNotContain(invoice.get("paymentHash").asText());
  }

  private String scrape() {
    HttpResponse<String> metrics = buyer.get("/metrics", Map.of());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).startsWith("text/plain; version=0.0.4"));
    return metrics.body();
  }

  /** How much the sample {@code name{labels}} grew between two scrapes; absent counts as 0. */
  private static double delta(String before, String after, String name, String labels) {
    return value(after, name, labels) - value(before, name, labels);
  }

  private static double value(String exposition, String name, String labels) {
    String series = labels.isEmpty() ? name : name + "{" + labels + "}";
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
    return sample.find() ? Double.parseDouble(sample.group(1)) : 0;
  }
}
