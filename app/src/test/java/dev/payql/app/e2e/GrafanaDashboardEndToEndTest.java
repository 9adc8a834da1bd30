package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/grafana-dashboard.json cannot drift from what PayQL exports: every query parses with
 * Prometheus's own PromQL grammar, every series it charts is in a real scrape after a purchase,
 * a replay and a refund request, and every {@code payql_*} series of that scrape is charted.
 */
class GrafanaDashboardEndToEndTest {

  private static final Path DASHBOARD = Path.of("..", "docs", "grafana-dashboard.json");
  private static final String BODY = Buyer.body("{ exchange(exchangeSymbol: \"binance\") { country } }");
  private static final Pattern CHARTED_SERIES =
      Pattern.compile("\\b((?:payql|hikaricp|jvm|process|system)_[a-z0-9_]+)\\b");
  private static final Pattern SAMPLE_NAME = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
  private static final String DATASOURCE = "${datasource}";

  @TempDir
  Path data;

  private PayqlTestInstance payql;

  @BeforeEach
  void start() {
    payql = PayqlTestInstance.start(data, Map.of());
  }

  @AfterEach
  void stop() {
    payql.close();
  }

  @Test
  void everyPanelQueriesItsDatasourceWithAQueryPrometheusParses() throws IOException {
    JsonNode dashboard = Buyer.JSON.readTree(DASHBOARD.toFile());
    assertThat(dashboard.at("/templating/list/0/name").asText()).isEqualTo("datasource");
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("panel ids are unique: %s", panel.get("id")).isTrue();
      assertThat(panel.at("/datasource/uid").asText()).as(panel.get("title").asText()).isEqualTo(DATASOURCE);
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      assertThat(panel.get("description").asText()).as(panel.get("title").asText()).isNotBlank();
    }

    List<String> expressions = expressions(dashboard).stream()
        // Grafana's variables, as Grafana fills them in before Prometheus parses the query
        .map(expression -> expression.replace("$__rate_interval", "5m").replace("$instance", ".*"))
        .toList();
    JsonNode checked = NodeScript.installed("promql-check.mjs", "@prometheus-io/lezer-promql")
        .run(Buyer.json(expressions));
    assertThat(checked.get("invalid")).as("queries Prometheus cannot parse").isEmpty();
  }

  @Test
  void theDashboardChartsExactlyTheSeriesPayqlExports() throws IOException {
    Buyer buyer = payql.buyer();
    JsonNode invoice = buyer.invoice(BODY);
    buyer.pay(invoice);
    String key = invoice.get("apikey").asText();
    assertThat(buyer.graphql(key, BODY).statusCode()).isEqualTo(200);
    assertThat(buyer.graphql(key, BODY).headers().firstValue("PayQL-Replay")).hasValue("true");
    HttpResponse<String> refund = buyer.post("/api/refund",
        "{\"paymentRequest\":\"" + invoice.get("paymentRequest").asText() + "\"}",
        Map.of("Authorization", "Bearer " + key));
    assertThat(refund.statusCode()).as("a spent key is not refunded: %s", refund.body()).isEqualTo(409);
    HttpResponse<String> metrics = buyer.get("/metrics", Map.of());
    assertThat(metrics.statusCode()).isEqualTo(200);
    Set<String> exported = sampleNames(metrics.body());

    Set<String> charted = new TreeSet<>();
    for (String expression : expressions(Buyer.JSON.readTree(DASHBOARD.toFile()))) {
      Matcher series = CHARTED_SERIES.matcher(expression);
      while (series.find()) {
        charted.add(series.group(1));
      }
    }
    assertThat(exported).as("series the dashboard charts but PayQL does not export").containsAll(charted);

    Set<String> payqlFamilies = exported.stream().filter(name -> name.startsWith("payql_"))
        .map(GrafanaDashboardEndToEndTest::family).collect(Collectors.toCollection(TreeSet::new));
    Set<String> chartedFamilies = charted.stream().map(GrafanaDashboardEndToEndTest::family)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(chartedFamilies).as("PayQL's own series missing from the dashboard").containsAll(payqlFamilies);
  }

  private static List<String> expressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        expressions.add(target.get("expr").asText());
      }
    }
    return expressions;
  }

  private static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    Matcher sample = SAMPLE_NAME.matcher(exposition);
    while (sample.find()) {
      names.add(sample.group(1));
    }
    return names;
  }

  /** A histogram's or summary's series are one family: {@code x_bucket}, {@code x_count}, {@code x_sum}, {@code x_max}. */
  private static String family(String series) {
    return series.replaceFirst("_(bucket|count|sum|max)$", "");
  }
}
