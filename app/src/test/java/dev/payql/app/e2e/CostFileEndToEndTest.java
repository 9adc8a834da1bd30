package dev.payql.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.payql.app.config.ConfigurationException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's cost file (PAYQL_COST_FILE) on the bundled API: it changes the price of an
 * invoice, the purchase is served as any other, and a file that names what the schema lacks stops
 * PayQL at start with a message naming the file, line and entry.
 */
class CostFileEndToEndTest {

  private static final String TICKER = Buyer.body("{ market(marketSymbol: \"binance:ltc/btc\") { ticker { lastPrice } } }");
  private static final String MARKETS = Buyer.body("{ markets { marketSymbol } }");

  @TempDir
  Path dir;

  @Test
  void theCostFileSetsThePriceOfAnInvoice() throws IOException {
    try (PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("plain"), Map.of())) {
      // the schema's directives: the market 1, its ticker 30; the markets list its default limit, 50
      assertThat(payql.buyer().invoice(TICKER).get("cost").asLong()).isEqualTo(31);
      assertThat(payql.buyer().invoice(TICKER).get("value").asLong()).isEqualTo(31_000);
      assertThat(payql.buyer().invoice(MARKETS).get("cost").asLong()).isEqualTo(50);
    }

    Path costs = Files.writeString(dir.resolve("costs.yaml"), """
        # the operator's own weights
        Market.ticker:
          weight: 4
        Market:
          weight: 2
        """);
    try (PayqlTestInstance payql = PayqlTestInstance.start(dir.resolve("costed"),
        Map.of("PAYQL_COST_FILE", costs.toString()))) {
      JsonNode invoice = payql.buyer().invoice(TICKER);
      // the market at the file's type weight 2, its ticker at the file's 4
      assertThat(invoice.get("cost").asLong()).isEqualTo(2 + 4);
      assertThat(invoice.get("value").asLong()).isEqualTo(6_000);
      assertThat(payql.buyer().invoice(MARKETS).get("cost").asLong()).as("the limit's default of 50, at 2")
          .isEqualTo(50 * 2);
      assertThat(payql.buyer().invoice(Buyer.body("{ markets(limit: 3) { marketSymbol } }")).get("cost").asLong())
          .isEqualTo(3 * 2);

      payql.buyer().pay(invoice);
      HttpResponse<String> served = payql.buyer().graphql(invoice.get("apikey").asText(), TICKER);
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(Buyer.parse(served).at("/data/market/ticker/lastPrice").isNumber()).isTrue();
    }
  }

  @Test
  void aCostFileNamingAFieldTheSchemaLacksStopsTheStart() throws IOException {
    Path costs = Files.writeString(dir.resolve("costs.yaml"), """
        Market.ticker:
          weight: 4
        Market.tickr:
          weight: 4
        """);

    assertThatThrownBy(() -> PayqlTestInstance.start(dir.resolve("payql"), Map.of("PAYQL_COST_FILE", costs.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_COST_FILE")
        .hasMessageContaining(costs + " line 3, entry Market.tickr: Market has no field tickr");
  }

  @Test
  void aCostFileWithABadValueIsRefusedWithTheConfiguration() throws IOException {
    Path costs = Files.writeString(dir.resolve("costs.yaml"), "Market.ticker:\n  weight: heavy\n");

    assertThatThrownBy(() -> PayqlTestInstance.config(dir.resolve("payql"), Map.of("PAYQL_COST_FILE", costs.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("PAYQL_COST_FILE")
        .hasMessageContaining(costs + " line 1, entry Market.ticker: weight must be a number of 0 or more, not 'heavy'");
  }
}
