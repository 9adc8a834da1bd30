package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's own examples, verbatim, bought, paid and run over real HTTP on the embedded default. */
class SeedExamplesEndToEndTest {

  @TempDir
  static Path dataDir;
  private static PayqlTestInstance payql;
  private static Buyer buyer;

  @BeforeAll
  static void start() {
    payql = PayqlTestInstance.start(dataDir, Map.of());
    buyer = payql.buyer();
  }

  @AfterAll
  static void stop() {
    payql.close();
  }

  @Test
  void theExchangeCountryExample() {
    HttpResponse<String> answer = buyer.buyPayRun(Buyer.body("{ exchange (exchangeSymbol:\"binance\") { country } }"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isNotBlank();
  }

  @Test
  void theNamedMarketExampleWithMixedCaseSymbols() {
    HttpResponse<String> answer = buyer.buyPayRun(Buyer.body(
        "query market { market(exchangeSymbol: \"Binance\", baseSymbol: \"LTC\", quoteSymbol: \"BTC\") { marketSymbol ticker { lastPrice } } }"));

    JsonNode market = Buyer.parse(answer).at("/data/market");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(market.get("marketSymbol").asText()).isEqualToIgnoringCase("Binance:LTC/BTC");
    assertThat(market.at("/ticker/lastPrice").asDouble()).isPositive();
  }

  @Test
  void theVariablesExample() {
    String body = Buyer.body("query ($symbol: String) { exchange(exchangeSymbol:$symbol) { country } }",
        Map.of("symbol", "binance"));

    HttpResponse<String> answer = buyer.buyPayRun(body);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(Buyer.parse(answer).at("/data/exchange/country").asText()).isNotBlank();
  }

  @Test
  void theInvalidExampleIsRefusedAtInvoicingWithTheSyntaxErrorsPlace() {
    HttpResponse<String> answer = buyer.post("/api/invoice",
        Buyer.body("{ exchange (@exchangeSymbol:\"binance\") { country } }"), Map.of());

    JsonNode problem = Buyer.parse(answer);
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(problem.get("code").asText()).isEqualTo("graphql_syntax");
    assertThat(problem.at("/locations/0/line").asInt()).isEqualTo(1);
    assertThat(problem.at("/locations/0/column").asInt()).isEqualTo(13);
  }

  @Test
  void candlesOfAMarketCanBeBought() {
    HttpResponse<String> answer = buyer.buyPayRun(Buyer.body(
        "{ market(marketSymbol: \"binance:btc/usdt\") { ohlcv(resolution: _1h, limit: 24) { open high low close volume } } }"));

    JsonNode candles = Buyer.parse(answer).at("/data/market/ohlcv");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(candles.size()).isEqualTo(24);
    candles.forEach(candle -> assertThat(candle.get("high").asDouble()).isGreaterThanOrEqualTo(candle.get("low").asDouble()));
  }
}
